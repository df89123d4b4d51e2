export { clause, clauseHeadline } from './clause.js';
export {
  type ClauseFamily,
  CONTRACT_CLAUSES,
  type ContractClause,
  type ContractClauseId,
  contractClause,
} from './contract.js';
export { describeDriver } from './describe-driver.js';
export * from './fixtures.js';
export type { DeltaInput, Fields, Harness } from './harness.js';
export type { DescribeDriverOptions, DriverContext } from './options.js';
export { describeWithVial } from './with-vial/describe-with-vial.js';
