// dtk console: plain JavaScript over the gateway's public HTTP API (the Durable Functions routes and
// /dtk/dead-letters). No framework, no build step. Everything shown is set as text, never as HTML.
'use strict';

(() => {
  const API = '/runtime/webhooks/durabletask';
  const STATUSES = ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew'];
  const LIVE = new Set(['Pending', 'Running', 'Suspended', 'ContinuedAsNew']);
  const REFRESH_MS = 3000;
  const main = document.getElementById('main');
  const seenNames = new Set();       // orchestrator names seen, offered in the name boxes
  const seenEntityNames = new Set(); // entity names seen
  let refresher = null;     // what auto-refresh calls for the current view
  let refreshTimer = null;
  let viewToken = 0;        // a view's async work is dropped once another view is shown

  // ---- small DOM helpers ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node, ...children) {
    node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
    return node;
  }

  function toast(message, error) {
    const box = document.getElementById('toast');
    box.textContent = message;
    box.className = 'show' + (error ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.className = ''; }, error ? 7000 : 3500);
  }

  function badge(status) {
    return el('span', { class: 'badge ' + (status || ''), text: status || '?' });
  }

  function pretty(value) {
    return el('pre', { class: 'json', text: value === undefined ? 'null' : JSON.stringify(value, null, 2) });
  }

  function utc(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace('Z', '');
  }

  function duration(ms) {
    if (!isFinite(ms)) return '';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    if (ms < 3600000) return (ms / 60000).toFixed(1) + ' min';
    if (ms < 86400000) return (ms / 3600000).toFixed(1) + ' h';
    return (ms / 86400000).toFixed(1) + ' d';
  }

  function parseJson(text, what) {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(what + ' is not valid JSON: ' + e.message);
    }
  }

  // ---- the gateway's API, with the key ----

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function key() {
    return sessionStorage.getItem('dtk.key') || '';
  }

  async function api(method, path, options) {
    const opts = options || {};
    const headers = Object.assign({}, opts.headers);
    if (key()) headers['x-functions-key'] = key();
    let body;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'The gateway cannot be reached: ' + e.message);
    }
    if (response.status === 401) {
      askKey(key() ? 'The gateway refused this key.' : 'This gateway requires a key.');
      throw new ApiError(401, 'The gateway wants a key.');
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = text; }
    }
    if (!response.ok) {
      const message = json && (json.message || json.Message) ? (json.message || json.Message) : text;
      throw new ApiError(response.status, message || ('HTTP ' + response.status));
    }
    return { status: response.status, json, headers: response.headers };
  }

  function instancePath(id) {
    return API + '/instances/' + encodeURIComponent(id);
  }

  function entityPath(name, key) {
    return API + '/entities/' + encodeURIComponent(name) + '/' + encodeURIComponent(key);
  }

  function entityHash(name, key) {
    return '#/entity/' + encodeURIComponent(name) + '/' + encodeURIComponent(key);
  }

  // As dtk writes an entity ID: @name@key, the name in lower case (names are case-insensitive).
  function entityId(name, key) {
    return '@' + name.toLowerCase() + '@' + key;
  }

  // ---- the key dialog ----

  const keyDialog = document.getElementById('key-dialog');

  function askKey(reason) {
    document.getElementById('key-reason').textContent = reason || '';
    document.getElementById('key-input').value = '';
    if (!keyDialog.open) keyDialog.showModal();
    document.getElementById('key-input').focus();
  }

  document.getElementById('key-button').addEventListener('click', () => askKey(''));
  document.getElementById('key-form').addEventListener('submit', () => {
    const value = document.getElementById('key-input').value.trim();
    if (value) sessionStorage.setItem('dtk.key', value);
    setTimeout(route, 0);
  });
  document.getElementById('key-clear').addEventListener('click', () => {
    sessionStorage.removeItem('dtk.key');
    keyDialog.close();
    toast('Key forgotten.');
  });

  // ---- auto-refresh ----

  const autoRefresh = document.getElementById('auto-refresh');
  autoRefresh.checked = sessionStorage.getItem('dtk.refresh') !== 'off';
  autoRefresh.addEventListener('change', () => {
    sessionStorage.setItem('dtk.refresh', autoRefresh.checked ? 'on' : 'off');
    schedule();
  });

  function schedule() {
    clearTimeout(refreshTimer);
    if (autoRefresh.checked && refresher) {
      refreshTimer = setTimeout(async () => {
        const mine = refresher;
        try { await mine(); } catch (e) { /* shown by the view */ }
        if (mine === refresher) schedule();
      }, REFRESH_MS);
    }
  }

  // ---- routing ----

  document.getElementById('jump').addEventListener('submit', event => {
    event.preventDefault();
    const id = document.getElementById('jump-id').value.trim();
    const entity = /^@([^@]+)@(.+)$/.exec(id);
    if (entity) location.hash = entityHash(entity[1], entity[2]);
    else if (id) location.hash = '#/instance/' + encodeURIComponent(id);
  });

  function route() {
    viewToken++;
    refresher = null;
    clearTimeout(refreshTimer);
    const hash = location.hash || '#/instances';
    const [path, query] = hash.substring(1).split('?');
    const params = new URLSearchParams(query || '');
    const view = path.split('/')[1] || 'instances';
    for (const link of document.querySelectorAll('header nav a')) {
      link.classList.toggle('active', link.dataset.view === view
          || (view === 'instance' && link.dataset.view === 'instances')
          || (view === 'entity' && link.dataset.view === 'entities'));
    }
    if (view === 'instance') {
      instanceView(decodeURIComponent(path.substring('/instance/'.length)));
    } else if (view === 'start') {
      startView(params);
    } else if (view === 'dead-letters') {
      deadLettersView();
    } else if (view === 'entities') {
      entitiesView(params);
    } else if (view === 'entity') {
      const [, , name, entityKey] = path.split('/');
      entityView(decodeURIComponent(name || ''), decodeURIComponent(entityKey || ''));
    } else {
      instancesView(params);
    }
  }

  window.addEventListener('hashchange', route);

  // ---- pieces the listings share ----

  function emptyRow(columns, text, error) {
    return el('tr', {}, el('td', { colspan: columns, class: 'empty' + (error ? ' error-box' : ''), text }));
  }

  // The fields from and to of a time range (UTC; the gateway reads a time without a zone as UTC).
  function timeRange(params, what) {
    return ['from', 'to'].map(end => el('label', {}, what + ' ' + end + ' (UTC)', el('input', { name: end,
      type: 'datetime-local', step: '1', value: params.get(end) || '' })));
  }

  function perPage(params) {
    return el('label', {}, 'Per page', el('select', { name: 'top' },
      ['25', '50', '100', '500'].map(n => el('option', { value: n, selected: (params.get('top') || '50') === n,
        text: n }))));
  }

  // A filter form's submit: its non-empty fields (a repeated one as a comma list) become the view's hash.
  function applyFilters(form, view, fields) {
    return event => {
      event.preventDefault();
      const data = new FormData(form);
      const next = new URLSearchParams();
      for (const field of fields) {
        const values = data.getAll(field).filter(Boolean);
        if (values.length) next.set(field, values.join(','));
      }
      location.hash = view + (next.toString() ? '?' + next : '');
    };
  }

  // The pages of a listing the gateway pages with x-ms-continuation-token, shown in tbody: it keeps the token
  // of every page seen so that Previous goes back; Previous and Next call load again.
  function pager(tbody, columns, load) {
    const token = viewToken;
    const tokens = [null];
    let page = 0;
    let nextToken = null;
    let shown = null; // what the table shows: an unchanged answer is not drawn again
    const info = el('span', { id: 'page-info' });
    const prev = el('button', { type: 'button', class: 'secondary', id: 'prev-page', text: 'Previous' });
    const next = el('button', { type: 'button', class: 'secondary', id: 'next-page', text: 'Next' });
    prev.addEventListener('click', () => {
      if (page > 0) {
        page--;
        load().catch(() => {});
      }
    });
    next.addEventListener('click', () => {
      if (nextToken) {
        tokens[page + 1] = nextToken;
        page++;
        load().catch(() => {});
      }
    });
    return {
      box: el('div', { class: 'pager' }, prev, next, info),
      // The answer to GET path for the current page; null when the view is gone or the page is as shown. A
      // failure is shown in the table and thrown.
      async get(path) {
        let answer;
        try {
          answer = await api('GET', path, { headers: tokens[page] ? { 'x-ms-continuation-token': tokens[page] } : {} });
        } catch (e) {
          if (token === viewToken) clear(tbody, emptyRow(columns, e.message, true));
          throw e;
        }
        if (token !== viewToken) return null;
        nextToken = answer.headers.get('x-ms-continuation-token') || null;
        const drawn = page + '|' + nextToken + '|' + JSON.stringify(answer.json);
        if (drawn === shown) return null;
        shown = drawn;
        return answer;
      },
      show(note) {
        info.textContent = 'Page ' + (page + 1) + (note || '');
        prev.disabled = page === 0;
        next.disabled = !nextToken;
      },
    };
  }

  function updateNames(listId, names) {
    let list = document.getElementById(listId);
    if (!list) {
      list = el('datalist', { id: listId });
      document.body.append(list);
    }
    clear(list, [...names].sort().map(n => el('option', { value: n })));
  }

  // ---- instances ----

  function instancesView(params) {
    const wanted = new Set((params.get('status') || '').split(',').filter(Boolean));
    const form = el('form', { class: 'filters card', id: 'filters' },
      el('fieldset', {}, el('legend', { text: 'Status' }),
        STATUSES.map(s => el('label', {}, el('input', { type: 'checkbox', name: 'status', value: s,
          checked: wanted.has(s) }), s))),
      el('label', {}, 'Orchestrator', el('input', { name: 'name', value: params.get('name') || '',
        list: 'orchestrator-names', placeholder: 'any' })),
      el('label', {}, 'ID prefix', el('input', { name: 'prefix', value: params.get('prefix') || '',
        placeholder: 'any' })),
      timeRange(params, 'Created'),
      perPage(params),
      el('button', { type: 'submit', text: 'Apply' }));
    form.addEventListener('submit', applyFilters(form, '#/instances', ['status', 'name', 'prefix', 'from', 'to',
      'top']));

    const tbody = el('tbody', {}, emptyRow(5, 'Loading...'));
    const table = el('table', { id: 'instances-table' },
      el('thead', {}, el('tr', {}, ['Instance ID', 'Orchestrator', 'Status', 'Created (UTC)', 'Updated (UTC)']
        .map(h => el('th', { text: h })))), tbody);
    const pages = pager(tbody, 5, load);

    async function load() {
      const query = new URLSearchParams({ showInput: 'false', top: params.get('top') || '50' });
      if (params.get('status')) query.set('runtimeStatus', params.get('status'));
      if (params.get('prefix')) query.set('instanceIdPrefix', params.get('prefix'));
      if (params.get('from')) query.set('createdTimeFrom', params.get('from'));
      if (params.get('to')) query.set('createdTimeTo', params.get('to'));
      const answer = await pages.get(API + '/instances?' + query);
      if (!answer) return;
      const nameFilter = params.get('name');
      const rows = (answer.json || []).filter(s => {
        if (s.name) seenNames.add(s.name);
        return !nameFilter || s.name === nameFilter;
      });
      updateNames('orchestrator-names', seenNames);
      clear(tbody, rows.length ? rows.map(s => el('tr', { 'data-id': s.instanceId },
        el('td', { class: 'instance-id mono' }, el('a', { href: '#/instance/' + encodeURIComponent(s.instanceId),
          text: s.instanceId })),
        el('td', { text: s.name || '' }),
        el('td', {}, badge(s.runtimeStatus)),
        el('td', { text: utc(s.createdTime) }),
        el('td', { text: utc(s.lastUpdatedTime) })))
        : emptyRow(5, 'No instances match.'));
      pages.show(nameFilter ? ' (orchestrator filter applied to each page)' : '');
    }

    clear(main, el('h1', { text: 'Instances' }), form, table, pages.box);
    refresher = load;
    load().catch(() => {}).finally(schedule);
  }

  // ---- one instance ----

  function instanceView(id) {
    const token = viewToken;
    const head = el('div', { class: 'instance-head' }, el('h1', { class: 'mono', id: 'instance-id', text: id }));
    const facts = el('div', { class: 'card', id: 'instance-facts' }, 'Loading...');
    const timeline = el('div', { class: 'card timeline', id: 'timeline' });
    const actions = actionsCard(id);
    clear(main, head, facts, el('h2', { text: 'Timeline' }), timeline, el('h2', { text: 'Actions' }), actions);

    let selected = null;
    let shown = null; // the status drawn last: an unchanged one is not drawn again
    async function load() {
      let answer;
      try {
        answer = await api('GET', instancePath(id) + '?showHistory=true&showHistoryOutput=true');
      } catch (e) {
        if (token === viewToken) {
          clear(facts, el('p', { class: 'error-box', text: e.status === 404 ? 'No instance \u2018' + id
            + '\u2019 (never started, or purged).' : e.message }));
          clear(timeline);
        }
        throw e;
      }
      if (token !== viewToken) return;
      const s = answer.json;
      const drawn = JSON.stringify(s);
      if (drawn === shown && !LIVE.has(s.runtimeStatus)) return;
      shown = drawn;
      if (s.name) seenNames.add(s.name);
      clear(head, el('h1', { class: 'mono', id: 'instance-id', text: s.instanceId }),
        el('span', { id: 'instance-status' }, badge(s.runtimeStatus)),
        el('span', { class: 'hint', text: s.name }));
      const failure = s.failureDetails;
      clear(facts, el('dl', { class: 'facts' },
        el('dt', { text: 'Orchestrator' }), el('dd', { text: s.name || '' }),
        el('dt', { text: 'Status' }), el('dd', {}, badge(s.runtimeStatus)),
        el('dt', { text: 'Created (UTC)' }), el('dd', { text: utc(s.createdTime) }),
        el('dt', { text: 'Updated (UTC)' }), el('dd', { text: utc(s.lastUpdatedTime) }),
        el('dt', { text: 'Input' }), el('dd', {}, pretty(s.input)),
        el('dt', { text: 'Output' }), el('dd', { id: 'instance-output' }, pretty(s.output)),
        el('dt', { text: 'Custom status' }), el('dd', {}, pretty(s.customStatus)),
        failure ? el('dt', { text: 'Failure' }) : null,
        failure ? el('dd', { class: 'failure' }, pretty(failure)) : null));
      selected = drawTimeline(timeline, s, selected, key => { selected = key; });
    }

    refresher = load;
    actions.reload = () => setTimeout(() => load().catch(() => {}), 400);
    load().catch(() => {}).finally(schedule);
  }

  // A button's click: runs call with the button disabled, then says done (or, when done is null, what call
  // answered) and calls after; a failure is said instead (a refused key opens the key dialog).
  function action(button, done, call, after) {
    return async () => {
      button.disabled = true;
      try {
        const result = await call();
        toast(done === null ? result : done);
        if (after) after();
        return result;
      } catch (e) {
        if (e.status !== 401) toast(e.message, true);
        return undefined;
      } finally {
        button.disabled = false;
      }
    };
  }

  // A button that destroys: the first click arms it for 4 s (its text says so), the second runs call.
  function clickTwice(button, armedText, call) {
    const text = button.textContent;
    let disarm = null;
    button.addEventListener('click', () => {
      if (!disarm) {
        button.textContent = armedText;
        disarm = setTimeout(() => { disarm = null; button.textContent = text; }, 4000);
        return;
      }
      clearTimeout(disarm);
      disarm = null;
      button.textContent = text;
      call();
    });
    return button;
  }

  function actionsCard(id) {
    const card = el('div', { class: 'card actions', id: 'actions' });
    const reload = () => card.reload && card.reload();
    const run = (button, what, call) => action(button, what, call, reload);

    const eventName = el('input', { id: 'event-name', placeholder: 'event name' });
    const eventData = el('textarea', { id: 'event-data', placeholder: 'event data as JSON (empty: null)' });
    const raise = el('button', { type: 'button', id: 'action-raise', text: 'Raise event' });
    raise.addEventListener('click', run(raise, 'Event raised.', () => {
      const name = eventName.value.trim();
      if (!name) throw new Error('Name the event.');
      const data = parseJson(eventData.value, 'The event data');
      return api('POST', instancePath(id) + '/raiseEvent/' + encodeURIComponent(name),
        { body: data === undefined ? 'null' : JSON.stringify(data) });
    }));

    function control(verb, label, cls, done) {
      const reason = el('input', { id: 'reason-' + verb, placeholder: 'reason (optional)' });
      const button = el('button', { type: 'button', id: 'action-' + verb, class: cls, text: label });
      button.addEventListener('click', run(button, done, () => api('POST', instancePath(id) + '/' + verb
        + '?reason=' + encodeURIComponent(reason.value))));
      return el('div', { class: 'action' }, el('strong', { text: label }), el('div', { class: 'row' }, reason, button));
    }

    const newId = el('input', { type: 'checkbox', id: 'restart-new-id', checked: true });
    const restart = el('button', { type: 'button', id: 'action-restart', text: 'Restart' });
    restart.addEventListener('click', run(restart, 'Restarted.', async () => {
      const answer = await api('POST', instancePath(id) + '/restart?restartWithNewInstanceId=' + newId.checked);
      if (answer.json && answer.json.id && answer.json.id !== id) {
        location.hash = '#/instance/' + encodeURIComponent(answer.json.id);
      }
      return answer;
    }));

    const purge = el('button', { type: 'button', id: 'action-purge', class: 'danger', text: 'Purge' });
    clickTwice(purge, 'Click again to purge', action(purge, 'Purged ' + id + '.', () => api('DELETE', instancePath(id)),
      () => { location.hash = '#/instances'; }));

    clear(card,
      el('div', { class: 'action' }, el('strong', { text: 'Raise event' }), el('div', { class: 'row' }, eventName, raise),
        eventData),
      control('terminate', 'Terminate', 'danger', 'Terminate sent.'),
      control('suspend', 'Suspend', 'secondary', 'Suspend sent.'),
      control('resume', 'Resume', 'secondary', 'Resume sent.'),
      control('rewind', 'Rewind', 'secondary', 'Rewind sent.'),
      el('div', { class: 'action' }, el('strong', { text: 'Restart' }),
        el('div', { class: 'row' }, el('label', {}, newId, ' as a new instance'), restart)),
      el('div', { class: 'action' }, el('strong', { text: 'Purge history' }),
        el('div', { class: 'row' }, el('span', { class: 'hint', text: 'Finished instances only.' }), purge)));
    return card;
  }

  // ---- the timeline (a Gantt of the history) ----

  function lanesOf(events, status) {
    const t = iso => (iso ? Date.parse(iso) : NaN);
    const orchestration = { kind: 'orchestration', label: status.name || 'orchestration', from: NaN, to: NaN,
      marks: [], event: null, key: 'orchestration' };
    const lanes = [];
    const openTimers = [];
    events.forEach((e, index) => {
      const key = 'e' + index;
      const at = t(e.Timestamp);
      switch (e.EventType) {
        case 'ExecutionStarted':
          orchestration.from = at;
          orchestration.event = e;
          break;
        case 'TaskCompleted':
        case 'TaskFailed':
        case 'TaskRewound':
          lanes.push({ kind: 'activity', cls: e.EventType === 'TaskFailed' ? 'failed'
            : e.EventType === 'TaskRewound' ? 'rewound' : '', label: e.FunctionName || 'activity',
          from: t(e.ScheduledTime), to: at, event: e, key });
          break;
        case 'TaskScheduled':
          lanes.push({ kind: 'activity', cls: 'pending', label: e.FunctionName || 'activity', from: at, to: NaN,
            event: e, key });
          break;
        case 'SubOrchestrationInstanceCompleted':
        case 'SubOrchestrationInstanceFailed':
          lanes.push({ kind: 'suborchestration', cls: e.EventType.endsWith('Failed') ? 'failed' : '',
            label: (e.FunctionName || 'sub-orchestration') + ' \u2192 ' + (e.InstanceId || ''),
            from: t(e.ScheduledTime), to: at, event: e, key });
          break;
        case 'SubOrchestrationInstanceCreated':
          lanes.push({ kind: 'suborchestration', cls: 'pending', label: (e.FunctionName || 'sub-orchestration')
            + ' \u2192 ' + (e.InstanceId || ''), from: at, to: NaN, event: e, key });
          break;
        case 'TimerCreated': {
          const lane = { kind: 'timer', cls: 'pending', label: 'timer until ' + utc(e.FireAt), from: at,
            to: t(e.FireAt), event: e, key };
          openTimers.push(lane);
          lanes.push(lane);
          break;
        }
        case 'TimerFired': {
          const lane = openTimers.find(l => l.event.FireAt === e.FireAt);
          if (lane) {
            openTimers.splice(openTimers.indexOf(lane), 1);
            lane.cls = '';
            lane.to = at;
            lane.event = { created: lane.event, fired: e };
          } else {
            lanes.push({ kind: 'timer', cls: '', label: 'timer fired', from: at, to: at, event: e, key });
          }
          break;
        }
        case 'EventRaised':
        case 'EventSent':
          lanes.push({ kind: 'event', label: (e.EventType === 'EventSent' ? 'sent ' : 'event ') + (e.Name || '')
            + (e.InstanceId ? ' \u2192 ' + e.InstanceId : ''), from: at, to: at, event: e, key });
          break;
        default:
          orchestration.marks.push({ at, event: e, end: e.EventType === 'ExecutionCompleted'
            || e.EventType === 'ExecutionTerminated' });
          if (e.EventType === 'ExecutionCompleted' || e.EventType === 'ExecutionTerminated') orchestration.to = at;
      }
    });
    return { orchestration, lanes };
  }

  function drawTimeline(box, status, selected, select) {
    const events = status.historyEvents || [];
    if (!events.length) {
      clear(box, el('p', { class: 'hint', text: 'No history to show (the engine has not answered yet, or the'
        + ' instance has not started).' }));
      return selected;
    }
    const { orchestration, lanes } = lanesOf(events, status);
    const live = LIVE.has(status.runtimeStatus);
    const now = Date.now();
    const times = [orchestration.from, orchestration.to];
    for (const lane of lanes) times.push(lane.from, lane.to);
    for (const mark of orchestration.marks) times.push(mark.at);
    const known = times.filter(isFinite);
    const start = Math.min(...known);
    let end = Math.max(...known);
    if (live) end = Math.max(end, now);
    const span = Math.max(end - start, 1);
    const x = ms => Math.min(100, Math.max(0, ((ms - start) / span) * 100));

    if (!isFinite(orchestration.to)) orchestration.to = live ? end : Math.max(...known);
    const rows = [];
    const ticks = el('div', { class: 'ticks' });
    for (let i = 0; i <= 4; i++) {
      const tick = el('span', { class: 'tick', text: '+' + duration(span * i / 4) });
      tick.style.left = (i * 25) + '%';
      ticks.append(tick);
    }
    rows.push(el('div', { class: 'axis' }, el('span', { text: 'started ' + utc(new Date(start).toISOString()) }),
      ticks));

    const detail = el('div', { class: 'detail', id: 'timeline-detail' });
    const all = [orchestration, ...lanes];
    for (const lane of all) {
      const to = isFinite(lane.to) ? lane.to : end;
      const from = isFinite(lane.from) ? lane.from : start;
      const track = el('div', { class: 'track' });
      if (lane.kind === 'event') {
        const mark = el('span', { class: 'mark event' });
        mark.style.left = x(from) + '%';
        track.append(mark);
      } else {
        const bar = el('span', { class: 'bar ' + lane.kind + (lane.cls ? ' ' + lane.cls : ''),
          title: lane.label + ' ' + duration(to - from) });
        bar.style.left = x(from) + '%';
        bar.style.width = Math.max(0, x(to) - x(from)) + '%';
        track.append(bar);
      }
      for (const mark of lane.marks || []) {
        const m = el('span', { class: 'mark' + (mark.end ? ' end' : ''), title: mark.event.EventType });
        m.style.left = x(mark.at) + '%';
        track.append(m);
      }
      const took = lane.kind === 'event' ? utc(new Date(from).toISOString()).substring(11)
        : (isFinite(lane.to) ? '' : 'running ') + duration(to - from);
      const row = el('div', { class: 'lane ' + lane.kind + (lane.key === selected ? ' selected' : ''),
        'data-kind': lane.kind, 'data-name': lane.kind === 'activity' ? lane.label : null },
      el('div', { class: 'label', title: lane.label }, lane.label, el('span', { class: 'took', text: took })),
      track);
      row.addEventListener('click', () => {
        for (const other of box.querySelectorAll('.lane.selected')) other.classList.remove('selected');
        row.classList.add('selected');
        select(lane.key);
        showDetail(detail, lane, status);
      });
      rows.push(row);
      if (lane.key === selected) showDetail(detail, lane, status);
    }
    rows.push(el('div', { class: 'legend' }, el('span', { text: 'activity' }),
      el('span', { class: 'l-failed', text: 'failed' }), el('span', { class: 'l-timer', text: 'timer' }),
      el('span', { class: 'l-sub', text: 'sub-orchestration' }), el('span', { class: 'l-pending', text: 'running' }),
      el('span', { class: 'l-event', text: 'event' }), el('span', { class: 'hint', text: 'click a row for its result' })));
    clear(box, rows, detail);
    return selected;
  }

  function showDetail(detail, lane, status) {
    const value = lane.kind === 'orchestration'
      ? { started: lane.event, input: status.input, output: status.output, markers: lane.marks.map(m => m.event) }
      : lane.event;
    clear(detail, el('strong', { text: lane.label }), pretty(value));
  }

  // ---- start ----

  function startView(params) {
    const name = el('input', { id: 'start-name', list: 'orchestrator-names', placeholder: 'HelloSequence',
      value: params.get('name') || '', required: true });
    const id = el('input', { id: 'start-id', placeholder: 'optional: a random ID' });
    const input = el('textarea', { id: 'start-input', placeholder: 'input as JSON, e.g. "Tokyo" or {"amount": 5}' });
    const button = el('button', { type: 'submit', id: 'start-button', text: 'Start' });
    const form = el('form', { class: 'card', id: 'start-form' },
      el('p', {}, el('label', {}, 'Orchestrator ', name)),
      el('p', {}, el('label', {}, 'Instance ID ', id)),
      el('p', {}, 'Input', input),
      button);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      button.disabled = true;
      try {
        const data = parseJson(input.value, 'The input');
        const path = API + '/orchestrators/' + encodeURIComponent(name.value.trim())
          + (id.value.trim() ? '/' + encodeURIComponent(id.value.trim()) : '');
        const answer = await api('POST', path, data === undefined ? {} : { body: JSON.stringify(data) });
        toast('Started ' + answer.json.id + '.');
        location.hash = '#/instance/' + encodeURIComponent(answer.json.id);
      } catch (e) {
        if (e.status !== 401) toast(e.message, true);
      } finally {
        button.disabled = false;
      }
    });
    updateNames('orchestrator-names', seenNames);
    clear(main, el('h1', { text: 'Start an orchestration' }), form);
  }

  // ---- dead letters ----

  function deadLettersView() {
    const token = viewToken;
    const tbody = el('tbody', {}, emptyRow(5, 'Loading...'));
    const table = el('table', { id: 'dead-letters-table' }, el('thead', {}, el('tr', {},
      ['Dead-lettered (UTC)', 'Source', 'Key', 'Reason', ''].map(h => el('th', { text: h })))), tbody);

    async function load() {
      let answer;
      try {
        answer = await api('GET', '/dtk/dead-letters?top=100');
      } catch (e) {
        if (token === viewToken) clear(tbody, emptyRow(5, e.message, true));
        return;
      }
      if (token !== viewToken) return;
      const letters = answer.json || [];
      clear(tbody, letters.length ? letters.flatMap(letterRows)
        : emptyRow(5, 'No dead letters. Nothing was refused.'));
    }

    clear(main, el('h1', { text: 'Dead letters' }),
      el('p', { class: 'hint', text: 'Records dtk could not process, newest first, with the reason. Open one to'
        + ' correct it and re-drive it to the topic it came from.' }),
      el('p', {}, el('button', { type: 'button', class: 'secondary', id: 'reload-letters', text: 'Reload',
        onclick: () => load() })), table);
    load();
  }

  function letterRows(letter) {
    const where = (letter.sourceTopic || '?') + '-' + letter.partition + '@' + letter.offset;
    const open = el('button', { type: 'button', class: 'secondary', text: 'Open' });
    const row = el('tr', {}, el('td', { text: utc(letter.deadLetteredAt) }), el('td', { class: 'mono', text: where }),
      el('td', { class: 'mono', text: letter.key || '' }), el('td', { text: letter.reason || '' }), el('td', {}, open));
    const editor = el('tr', { class: 'open', hidden: true }, el('td', { colspan: 5 }, letterEditor(letter)));
    open.addEventListener('click', () => {
      editor.hidden = !editor.hidden;
      open.textContent = editor.hidden ? 'Open' : 'Close';
    });
    return [row, editor];
  }

  function letterEditor(letter) {
    const topics = ['dtk.commands', 'dtk.activity-results'];
    if (letter.sourceTopic && !topics.includes(letter.sourceTopic)) topics.push(letter.sourceTopic);
    const topic = el('select', {}, topics.map(t => el('option', { value: t, text: t,
      selected: t === letter.sourceTopic })));
    const keyInput = el('input', { value: letter.key || '' });
    const binary = letter.value === undefined || letter.value === null;
    const value = el('textarea', { rows: 6 });
    value.value = binary ? '' : letter.value;
    const button = el('button', { type: 'button', text: 'Re-drive' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const answer = await api('POST', '/dtk/dead-letters/redrive', { body: JSON.stringify({
          topic: topic.value, key: keyInput.value, value: value.value,
          deadLetter: 'dtk.dead-letters-' + letter.deadLetterPartition + '@' + letter.deadLetterOffset }) });
        toast('Re-driven to ' + answer.json.topic + '-' + answer.json.partition + '@' + answer.json.offset + '.');
      } catch (e) {
        if (e.status !== 401) toast(e.message, true);
      } finally {
        button.disabled = false;
      }
    });
    return el('div', { class: 'letter-value' },
      binary ? el('p', { class: 'hint', text: letter.valueBase64 ? 'The original value is not text (base64: '
        + letter.valueBase64.substring(0, 80) + '...); write the corrected record below.'
        : 'The original record had no value; write the corrected record below.' }) : null,
      letter.valueBytes ? el('p', { class: 'hint', text: 'The original was ' + letter.valueBytes
        + ' bytes and is cut here.' }) : null,
      el('div', { class: 'row' }, el('label', { text: 'Topic' }), topic, el('label', { text: 'Key' }), keyInput),
      value, el('div', {}, button));
  }

  // ---- entities ----

  function entitiesView(params) {
    const form = el('form', { class: 'filters card', id: 'entity-filters' },
      el('label', {}, 'Entity name', el('input', { name: 'name', id: 'entity-name-filter', list: 'entity-names',
        value: params.get('name') || '', placeholder: 'any' })),
      timeRange(params, 'Last operation'),
      perPage(params),
      el('button', { type: 'submit', text: 'Apply' }));
    form.addEventListener('submit', applyFilters(form, '#/entities', ['name', 'from', 'to', 'top']));

    const tbody = el('tbody', {}, emptyRow(4, 'Loading...'));
    const table = el('table', { id: 'entities-table' }, el('thead', {}, el('tr', {},
      ['Entity', 'Key', 'Last operation (UTC)', 'State'].map(h => el('th', { text: h })))), tbody);
    const pages = pager(tbody, 4, load);

    async function load() {
      const query = new URLSearchParams({ fetchState: 'true', top: params.get('top') || '50' });
      if (params.get('from')) query.set('lastOperationTimeFrom', params.get('from'));
      if (params.get('to')) query.set('lastOperationTimeTo', params.get('to'));
      const name = (params.get('name') || '').trim();
      const answer = await pages.get(API + '/entities' + (name ? '/' + encodeURIComponent(name) : '') + '?' + query);
      if (!answer) return;
      const entities = answer.json || [];
      entities.forEach(e => seenEntityNames.add(e.entityId.name));
      updateNames('entity-names', seenEntityNames);
      clear(tbody, entities.length ? entities.map(entityRow)
        : emptyRow(4, 'No entities match. An entity exists while it has state: its first operation creates it.'));
      pages.show();
    }

    clear(main, el('h1', { text: 'Entities' }), form, table, pages.box, el('h2', { text: 'Signal an entity' }),
      el('div', { class: 'card actions', id: 'actions' }, signalAction(null, () => again(load))));
    refresher = load;
    load().catch(() => {}).finally(schedule);
  }

  function entityRow(entity) {
    const { name, key } = entity.entityId;
    const state = entity.state === undefined ? '' : JSON.stringify(entity.state);
    return el('tr', { 'data-entity': entityId(name, key) },
      el('td', { text: name }),
      el('td', { class: 'mono' }, el('a', { href: entityHash(name, key), text: key })),
      el('td', { text: utc(entity.lastOperationTime) }),
      el('td', { class: 'mono state', title: state.length > 120 ? state.substring(0, 2000) : null,
        text: state.length > 120 ? state.substring(0, 117) + '...' : state }));
  }

  function entityView(name, key) {
    const token = viewToken;
    const id = entityId(name, key);
    const facts = el('div', { class: 'card', id: 'entity-facts' }, 'Loading...');
    let shown = null; // the state drawn last: an unchanged one is not drawn again

    async function load() {
      let answer;
      try {
        answer = await api('GET', entityPath(name, key));
      } catch (e) {
        if (token !== viewToken) throw e;
        const text = e.status === 404 ? 'No entity ' + id + ' now: an entity exists while it has state. Signal an'
          + ' operation below to create it.' : e.message;
        if (shown !== 'error|' + text) {
          shown = 'error|' + text;
          clear(facts, el('p', { class: 'error-box', id: 'entity-missing', text }));
        }
        throw e;
      }
      if (token !== viewToken) return;
      const drawn = JSON.stringify(answer.json);
      if (drawn === shown) return;
      shown = drawn;
      clear(facts, el('dl', { class: 'facts' },
        el('dt', { text: 'Entity' }), el('dd', { class: 'mono', text: name.toLowerCase() }),
        el('dt', { text: 'Key' }), el('dd', { class: 'mono', text: key }),
        el('dt', { text: 'State' }), el('dd', { id: 'entity-state' }, el('pre', { class: 'json full',
          text: JSON.stringify(answer.json, null, 2) }))));
    }

    const after = () => again(load);
    clear(main,
      el('div', { class: 'instance-head' }, el('h1', { class: 'mono', id: 'entity-id', text: id }),
        el('a', { href: '#/entities?name=' + encodeURIComponent(name.toLowerCase()),
          text: 'every ' + name.toLowerCase() + ' entity' })),
      facts, el('h2', { text: 'Actions' }),
      el('div', { class: 'card actions', id: 'actions' }, signalAction({ name, key }, after),
        deleteAction(name, key, after)));
    refresher = load;
    load().catch(() => {}).finally(schedule);
  }

  // An operation runs a moment after its signal was taken: look again a few times.
  function again(load) {
    const token = viewToken;
    for (const ms of [300, 1000, 2500]) {
      setTimeout(() => {
        if (token === viewToken) load().catch(() => {});
      }, ms);
    }
  }

  // Signal an operation with an input to the entity given, or (entity null) to the one named in the form.
  function signalAction(entity, after) {
    const name = entity ? null : el('input', { id: 'signal-name', list: 'entity-names', placeholder: 'entity name' });
    const key = entity ? null : el('input', { id: 'signal-key', placeholder: 'key' });
    const operation = el('input', { id: 'signal-operation', placeholder: 'operation, e.g. add' });
    const input = el('textarea', { id: 'signal-input', placeholder: 'input as JSON, e.g. 5 (empty: none)' });
    const button = el('button', { type: 'button', id: 'action-signal', text: 'Signal' });
    button.addEventListener('click', action(button, null, async () => {
      const target = entity || { name: name.value.trim(), key: key.value };
      if (!target.name || !target.key) throw new Error('Name the entity and give its key.');
      const op = operation.value.trim();
      if (!op) throw new Error('Name the operation.');
      const data = parseJson(input.value, 'The input');
      await api('POST', entityPath(target.name, target.key) + '?op=' + encodeURIComponent(op),
        data === undefined ? {} : { body: JSON.stringify(data) });
      return 'Signalled ' + op + ' to ' + entityId(target.name, target.key) + '.';
    }, after));
    return el('div', { class: 'action' }, el('strong', { text: 'Signal an operation' }),
      entity ? null : el('div', { class: 'row' }, name, key),
      el('div', { class: 'row' }, operation, button), input);
  }

  function deleteAction(name, key, after) {
    const button = el('button', { type: 'button', id: 'action-delete', class: 'danger', text: 'Delete' });
    clickTwice(button, 'Click again to delete', action(button, 'Delete signalled to ' + entityId(name, key) + '.',
      () => api('DELETE', entityPath(name, key)), after));
    return el('div', { class: 'action' }, el('strong', { text: 'Delete' }), el('div', { class: 'row' },
      el('span', { class: 'hint', text: 'Signals the built-in delete: the state goes.' }), button));
  }

  route();
})();
