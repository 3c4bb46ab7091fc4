// The gradebook's sorting, added to the server's table (which reads and filters without it): each sortable
// column heading becomes a button; pressing it sorts the rows by that column's data-value, then the other way.
// aria-sort on the heading tells a screen reader which column sorts the table and in which direction.
(() => {
  const table = document.querySelector('table.gradebook');
  if (!table) return;
  const body = table.tBodies[0];
  const headings = [...table.querySelectorAll('th[data-sort]')];

  function value(row, column, numeric) {
    const raw = row.cells[column].dataset.value || '';
    return numeric ? Number.parseFloat(raw) : raw.toLocaleLowerCase();
  }

  function sortBy(th) {
    const column = Number(th.dataset.column);
    const numeric = th.dataset.sort === 'number';
    // numbers start with the highest, text with A; pressing again turns it round
    const first = numeric ? 'descending' : 'ascending';
    const direction = th.getAttribute('aria-sort') === first ? (first === 'ascending' ? 'descending' : 'ascending') : first;
    const sign = direction === 'ascending' ? 1 : -1;
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = value(a, column, numeric), y = value(b, column, numeric);
      const c = numeric ? x - y : x.localeCompare(y);
      return c !== 0 ? sign * c : value(a, 0, false).localeCompare(value(b, 0, false));
    });
    rows.forEach((r) => body.appendChild(r));
    headings.forEach((h) => h.removeAttribute('aria-sort'));
    th.setAttribute('aria-sort', direction);
  }

  headings.forEach((th) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', () => sortBy(th));
  });
})();
