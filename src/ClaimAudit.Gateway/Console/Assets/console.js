// Keyboard use of the console's tables: j / k move between rows, x selects one, Enter opens it; the header box selects all.
(function () {
  const all = document.getElementById('select-all');
  if (all) all.addEventListener('change', () => document.querySelectorAll('input[name="ids"]').forEach(box => { box.checked = all.checked; }));
  const rows = Array.from(document.querySelectorAll('table.findings tbody tr[data-finding]'));
  let current = -1;
  function focus(i) {
    if (rows.length === 0) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(r => r.classList.remove('focused'));
    rows[current].classList.add('focused');
    rows[current].scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', e => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return;
    if (e.key === 'j') focus(current + 1);
    else if (e.key === 'k') focus(current - 1);
    else if (e.key === 'x' && current >= 0) { const box = rows[current].querySelector('input[name="ids"]'); if (box) box.checked = !box.checked; }
    else if (e.key === 'Enter' && current >= 0) { const link = rows[current].querySelector('a.open'); if (link) link.click(); }
  });
})();
