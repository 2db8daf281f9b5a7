// Skiff's registry site: copy buttons, and search over the catalog. Everything else works without it.
'use strict';
document.documentElement.classList.add('js');

document.addEventListener('click', (event) => {
  const button = event.target.closest('button.copy');
  if (!button) {
    return;
  }
  const text = button.dataset.copy;
  const done = () => {
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => copyBySelection(text, done));
  } else {
    copyBySelection(text, done);
  }
});

function copyBySelection(text, done) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (document.execCommand('copy')) {
      done();
    }
  } finally {
    area.remove();
  }
}

const form = document.getElementById('search');
if (form) {
  const root = document.documentElement.dataset.root || '';
  const input = document.getElementById('q');
  const results = document.getElementById('results');
  let catalog = null;
  let shown = 0;

  const load = async () => {
    if (catalog) {
      return catalog;
    }
    const index = await (await fetch(root + '_skiff/catalog/index.json')).json();
    const pages = await Promise.all(index.pages.map(async (page) => (await fetch(root + page)).json()));
    catalog = pages.flat().map((entry) => ({
      entry,
      text: [entry.name, entry.description, ...entry.tags, ...entry.labels].join('\n').toLowerCase(),
    }));
    return catalog;
  };

  const show = async () => {
    const run = ++shown;
    const terms = input.value.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
    const all = terms.length === 0 ? [] : await load();
    if (run !== shown) {
      return; // a later keystroke's search has started
    }
    results.replaceChildren();
    if (terms.length === 0) {
      return;
    }
    const found = all.filter((item) => terms.every((term) => item.text.includes(term)));
    const summary = document.createElement('p');
    summary.textContent = found.length === 1 ? '1 namespace found' : found.length + ' namespaces found';
    const list = document.createElement('ul');
    for (const { entry } of found.slice(0, 100)) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = root + entry.name + '/index.html';
      link.textContent = entry.name;
      item.appendChild(link);
      if (entry.description) {
        const description = document.createElement('span');
        description.className = 'description';
        description.textContent = entry.description;
        item.appendChild(description);
      }
      for (const tag of entry.tags.filter((t) => terms.some((term) => t.toLowerCase().includes(term)))) {
        const chip = document.createElement('a');
        chip.className = 'tag';
        chip.href = root + entry.name + '/index.html#pull-' + encodeURIComponent(tag);
        chip.textContent = tag;
        item.appendChild(chip);
      }
      list.appendChild(item);
    }
    results.append(summary, list);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  input.addEventListener('input', show);
  const query = new URLSearchParams(location.search).get('q');
  if (query) {
    input.value = query;
    show();
  }
}
