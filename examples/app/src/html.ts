/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole page around `body`. */
export function page(title: string, body: string, flash?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · vial example</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  nav { display: flex; gap: 1rem; align-items: center; border-bottom: 1px solid #ddd; padding-bottom: .5rem; }
  nav form { margin-left: auto; }
  .flash { background: #eef6ee; border: 1px solid #9c9; padding: .5rem 1rem; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
  .current { font-weight: 600; }
  button { font: inherit; cursor: pointer; }
  form.inline { display: inline; }
</style>
</head>
<body>
${flash === undefined ? '' : `<p class="flash" role="status">${escapeHtml(flash)}</p>`}
${body}
</body>
</html>`;
}

/** A POST form with the session's CSRF token and a single button. */
export function button(action: string, label: string, csrf: string, fields = ''): string {
  return `<form class="inline" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">${fields}
<button type="submit">${escapeHtml(label)}</button>
</form>`;
}
