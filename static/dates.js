// Date inputs (views/partials/date-input.ejs) are text inputs in the user's writing, which the server
// reads without this script. This adds a calendar button beside each: a month grid that writes the
// chosen day in the same writing, keeping a date-time's time.
(() => {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'ru';
  const tag = lang === 'en' ? 'en-GB' : 'ru-RU';
  const sep = lang === 'en' ? '/' : '.';
  const pad = (n) => String(n).padStart(2, '0');
  const monthTitle = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(tag, { weekday: 'short', timeZone: 'UTC' });
  const fullDay = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone: 'UTC' });

  /** The day and time an input holds, or null: {y, m (0-based), d, time}. */
  function read(value) {
    const s = value.trim();
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2}))?$/.exec(s);
    if (m) return { y: +m[1], m: +m[2] - 1, d: +m[3], time: m[4] || '' };
    m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:,?\s+(\d{1,2}[:.]\d{2}))?$/.exec(s);
    return m ? { y: +m[3], m: +m[2] - 1, d: +m[1], time: m[4] ? m[4].replace('.', ':') : '' } : null;
  }

  const write = (y, m, d) => `${pad(d)}${sep}${pad(m + 1)}${sep}${y}`;

  let open = null;

  function close() {
    if (!open) return;
    open.pop.remove();
    open.button.setAttribute('aria-expanded', 'false');
    open = null;
  }

  function choose(input, y, m, d) {
    const held = read(input.value);
    const time = input.dataset.date === 'datetime' ? ` ${(held && held.time) || '09:00'}` : '';
    input.value = write(y, m, d) + time;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    close();
    input.focus();
  }

  function render(state) {
    const { pop, input, y, m } = state;
    const held = read(input.value);
    const now = new Date();
    pop.replaceChildren();
    const head = document.createElement('div');
    head.className = 'date-pop-head';
    const step = (delta, label, text) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn btn-small btn-ghost';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => {
        const next = new Date(Date.UTC(state.y, state.m + delta, 1));
        state.y = next.getUTCFullYear();
        state.m = next.getUTCMonth();
        render(state);
      });
      return b;
    };
    const title = document.createElement('span');
    title.className = 'date-pop-title';
    title.textContent = monthTitle.format(Date.UTC(y, m, 1));
    head.append(step(-1, input.dataset.prev, '‹'), title, step(1, input.dataset.next, '›'));
    const grid = document.createElement('div');
    grid.className = 'date-pop-grid';
    grid.setAttribute('role', 'grid');
    // Weeks start on Monday, as in both languages' calendars; 2024-01-01 was a Monday.
    for (let i = 0; i < 7; i++) {
      const w = document.createElement('span');
      w.className = 'date-pop-weekday';
      w.textContent = weekday.format(Date.UTC(2024, 0, 1 + i));
      grid.append(w);
    }
    const first = (new Date(Date.UTC(y, m, 1)).getUTCDay() + 6) % 7;
    const days = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    for (let i = 0; i < first; i++) grid.append(document.createElement('span'));
    for (let d = 1; d <= days; d++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'date-pop-day';
      b.textContent = String(d);
      b.setAttribute('aria-label', fullDay.format(Date.UTC(y, m, d)));
      if (held && held.y === y && held.m === m && held.d === d) b.setAttribute('aria-current', 'date');
      if (now.getFullYear() === y && now.getMonth() === m && now.getDate() === d) b.classList.add('is-today');
      b.addEventListener('click', () => choose(input, y, m, d));
      grid.append(b);
    }
    const today = document.createElement('button');
    today.type = 'button';
    today.className = 'btn btn-small btn-ghost date-pop-today';
    today.textContent = input.dataset.today;
    today.addEventListener('click', () => choose(input, now.getFullYear(), now.getMonth(), now.getDate()));
    pop.append(head, grid, today);
  }

  function toggle(input, button) {
    if (open && open.input === input) return close();
    close();
    const held = read(input.value);
    const now = new Date();
    const pop = document.createElement('div');
    pop.className = 'date-pop';
    pop.setAttribute('role', 'dialog');
    pop.setAttribute('aria-label', input.dataset.pick);
    open = { pop, input, button, y: held ? held.y : now.getFullYear(), m: held ? held.m : now.getMonth() };
    render(open);
    button.after(pop);
    button.setAttribute('aria-expanded', 'true');
    const current = pop.querySelector('[aria-current]') || pop.querySelector('.is-today') || pop.querySelector('.date-pop-day');
    if (current) current.focus();
  }

  function enhance(root) {
    for (const input of root.querySelectorAll('input[data-date]')) {
      if (input.dataset.enhanced) continue;
      input.dataset.enhanced = '1';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'date-pick';
      button.textContent = '▦';
      button.setAttribute('aria-label', input.dataset.pick);
      button.setAttribute('aria-expanded', 'false');
      button.addEventListener('click', () => toggle(input, button));
      input.after(button);
    }
  }

  document.addEventListener('DOMContentLoaded', () => enhance(document));
  document.addEventListener('htmx:load', (e) => enhance(e.target));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      const input = open.input;
      close();
      input.focus();
    }
  });
  document.addEventListener('click', (e) => {
    // A month step re-renders the calendar, so its button is gone by now: not a click outside.
    if (open && e.target.isConnected && !open.pop.contains(e.target) && e.target !== open.button) close();
  });
})();
