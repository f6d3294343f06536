/*
 * The built-in dashboard's script, served by the monitor as it is (a classic script, no modules, no
 * build step): it reads the API with the key the user types (kept in sessionStorage for the tab
 * only) and shows, for a manager, the key figures per agreement and month, the deadlines overdue now,
 * rejections by reason and the live throughput. Danish by default, English on a click.
 *
 * The names of agreements, message kinds and reasons come from /dashboard/names.json (the monitor's
 * catalog and the shared tables in @hub/contracts, dashboard-names.ts); the texts of the page itself
 * are here. Every figure carries `data-testid` and its raw `data-value`, so a test can check the page
 * against the API (test/e2e/monitor-dashboard.e2e-spec.ts).
 */
(function () {
  'use strict';
  // Filled from /dashboard/names.json before the first figures are shown (loadNames).
  var AGREEMENTS = {};
  var KINDS = {};
  var REASONS = {};
  var namesLoaded = false;
  var TEXT = {
    da: {
      title: 'Hubben – overblik over samarbejdsaftalerne',
      subtitle: 'Udvekslinger mellem a-kasser, jobcentre, faglige organisationer og virksomheder',
      switchLanguage: 'English',
      apiKey: 'API-nøgle',
      show: 'Vis',
      agreement: 'Aftale',
      allAgreements: 'Alle aftaler',
      fromMonth: 'Fra måned',
      toMonth: 'Til måned',
      badKey: 'API-nøglen blev ikke godkendt.',
      failed: 'Kunne ikke hente tallene: ',
      tileOnTime: 'Besvaret til tiden',
      tileOnTimeNote: 'af fristerne i perioden',
      tileOverdue: 'Frister overskredet nu',
      tileOverdueNote: 'ubesvarede efter fristen',
      tileExchanges: 'Udvekslinger',
      tileExchangesNote: 'i perioden',
      tileRejected: 'Afviste beskeder',
      tileRejectedNote: 'i perioden',
      kpiTitle: 'Nøgletal pr. aftale og måned',
      kpiHint:
        'Rettidighed måles i danske arbejdsdage fra beskeden til svaret (mål: så tæt på 100 % som muligt, seed 004).',
      colAgreement: 'Aftale',
      colMonth: 'Måned',
      colExchanges: 'Udvekslinger',
      colRejected: 'Afvist',
      colDeadlines: 'Frister',
      colAnswered: 'Besvaret',
      colOnTime: 'Til tiden',
      colShare: 'Andel til tiden',
      colMedian: 'Median (arb.dage)',
      colP90: '90 %-fraktil (arb.dage)',
      colOverdue: 'Overskredet nu',
      noAgreement: 'Uden for aftale',
      none: 'Ingen tal for perioden.',
      overdueTitle: 'Overskredne frister',
      overdueHint: 'Hvem skal handle, og siden hvornår.',
      colDue: 'Frist',
      colWhat: 'Hvad',
      colResponsible: 'Ansvarlig',
      colTrigger: 'Udløst af',
      colMessage: 'Besked',
      noOverdue: 'Ingen overskredne frister.',
      rejectTitle: 'Afvisninger efter årsag',
      rejectHint: 'Beskeder hubben ikke kunne sende videre, i perioden.',
      colReason: 'Årsag',
      colCount: 'Antal',
      noRejections: 'Ingen afvisninger.',
      liveTitle: 'Trafik lige nu',
      liveHint: 'Beskeder pr. minut, seneste 60 minutter (opdateres hvert 10. sekund).',
      routed: 'Sendt videre',
      rejected: 'Afvist',
      delivered: 'Leveret',
      lastHour: 'Seneste time: ',
      updated: 'Opdateret ',
      workingDays: 'arb.dage',
    },
    en: {
      title: 'The hub – overview of the cooperation agreements',
      subtitle: 'Exchanges between a-kasser, job centres, unions and companies',
      switchLanguage: 'Dansk',
      apiKey: 'API key',
      show: 'Show',
      agreement: 'Agreement',
      allAgreements: 'All agreements',
      fromMonth: 'From month',
      toMonth: 'To month',
      badKey: 'The API key was not accepted.',
      failed: 'Could not load the figures: ',
      tileOnTime: 'Answered on time',
      tileOnTimeNote: 'of the deadlines in the period',
      tileOverdue: 'Deadlines overdue now',
      tileOverdueNote: 'unanswered after the deadline',
      tileExchanges: 'Exchanges',
      tileExchangesNote: 'in the period',
      tileRejected: 'Rejected messages',
      tileRejectedNote: 'in the period',
      kpiTitle: 'Key figures per agreement and month',
      kpiHint:
        'Timeliness is counted in Danish working days from the message to its answer (goal: as close to 100 % as possible, seed 004).',
      colAgreement: 'Agreement',
      colMonth: 'Month',
      colExchanges: 'Exchanges',
      colRejected: 'Rejected',
      colDeadlines: 'Deadlines',
      colAnswered: 'Answered',
      colOnTime: 'On time',
      colShare: 'Share on time',
      colMedian: 'Median (working days)',
      colP90: '90th percentile (working days)',
      colOverdue: 'Overdue now',
      noAgreement: 'Outside any agreement',
      none: 'No figures for the period.',
      overdueTitle: 'Overdue deadlines',
      overdueHint: 'Who must act, and since when.',
      colDue: 'Due',
      colWhat: 'What',
      colResponsible: 'Responsible',
      colTrigger: 'Started by',
      colMessage: 'Message',
      noOverdue: 'No overdue deadlines.',
      rejectTitle: 'Rejections by reason',
      rejectHint: 'Messages the hub could not pass on, in the period.',
      colReason: 'Reason',
      colCount: 'Count',
      noRejections: 'No rejections.',
      liveTitle: 'Traffic right now',
      liveHint: 'Messages per minute, last 60 minutes (refreshed every 10 seconds).',
      routed: 'Routed',
      rejected: 'Rejected',
      delivered: 'Delivered',
      lastHour: 'Last hour: ',
      updated: 'Updated ',
      workingDays: 'working days',
    },
  };
  var TARGETS = {
    'recommendation-decision': {
      da: 'Afgørelse på indstilling om tidligt tilbud',
      en: 'Decision on an early-offer recommendation',
    },
    'placement-decision': {
      da: 'Afgørelse på praktik/løntilskud (VITAS)',
      en: 'Decision on a placement (VITAS)',
    },
    'job-order-processing': {
      da: 'Behandling af videreformidlet jobordre',
      en: 'Acting on a forwarded job order',
    },
    'inquiry-answer': { da: 'Svar på henvendelse', en: 'Answer to an inquiry' },
    'risk-notice-before-handover': {
      da: 'Besked om risiko for langtidsledighed før overgang',
      en: 'Risk notice before the handover',
    },
    'joint-risk-assessment': {
      da: 'Fælles vurdering af risiko før overgang',
      en: 'Joint risk assessment before the handover',
    },
  };
  var PARTY = {
    akasse: { da: 'A-kasse', en: 'A-kasse' },
    jobcenter: { da: 'Jobcenter', en: 'Job centre' },
    union: { da: 'Faglig org.', en: 'Union' },
    company: { da: 'Virksomhed', en: 'Company' },
  };

  var lang = localStorage.getItem('hub-dashboard-lang') === 'en' ? 'en' : 'da';
  var apiKey = sessionStorage.getItem('hub-dashboard-key') || '';
  var last = null;
  var timers = [];

  function t(key) {
    return TEXT[lang][key];
  }
  function byId(id) {
    return document.getElementById(id);
  }
  function label(map, key) {
    var entry = map[key];
    return entry ? entry[lang] : key;
  }
  function agreementName(id) {
    return id === null ? t('noAgreement') : AGREEMENTS[id] ? AGREEMENTS[id][lang] + ' (' + id + ')' : id;
  }
  function locale() {
    return lang === 'da' ? 'da-DK' : 'en-GB';
  }
  function integer(n) {
    return new Intl.NumberFormat(locale()).format(n);
  }
  function decimal(n) {
    return n === null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);
  }
  function percent(n) {
    return n === null
      ? '–'
      : new Intl.NumberFormat(locale(), {
          style: 'percent',
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(n);
  }
  function monthName(m) {
    var parts = m.split('-');
    return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(+parts[0], +parts[1] - 1, 1)),
    );
  }
  function dateName(d) {
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(d + 'T00:00:00Z'),
    );
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function figure(tag, testid, raw, text, cls) {
    return el(
      tag,
      { 'data-testid': testid, 'data-value': raw === null ? '' : String(raw), class: cls || '' },
      [text],
    );
  }

  function translate() {
    document.documentElement.lang = lang;
    document.title = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    byId('lang').textContent = t('switchLanguage');
    byId('agreement').options[0].textContent = t('allAgreements');
  }

  function query() {
    var parts = [];
    var agreement = byId('agreement').value;
    if (agreement) parts.push('agreement=' + encodeURIComponent(agreement));
    if (byId('from').value) parts.push('from=' + byId('from').value);
    if (byId('to').value) parts.push('to=' + byId('to').value);
    return parts.join('&');
  }

  // Asked again on the next load when it failed, so a monitor restart does not leave the tab broken.
  function loadNames() {
    if (namesLoaded) return Promise.resolve();
    return fetch('/dashboard/names.json')
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
        return response.json();
      })
      .then(function (names) {
        AGREEMENTS = names.agreements;
        KINDS = names.kinds;
        REASONS = names.reasons;
        namesLoaded = true;
      });
  }

  function get(path) {
    return fetch(path, { headers: { 'x-api-key': apiKey } }).then(function (response) {
      if (response.status === 401) throw new Error('401');
      if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
      return response.json();
    });
  }

  function load() {
    if (!apiKey) return;
    byId('error').textContent = '';
    var q = query();
    Promise.all([
      get('/api/kpis' + (q ? '?' + q : '')),
      get(
        '/api/deadlines?state=overdue&limit=200' +
          (byId('agreement').value ? '&agreement=' + encodeURIComponent(byId('agreement').value) : ''),
      ),
      loadNames(),
    ])
      .then(function (results) {
        last = { kpis: results[0], overdue: results[1] };
        byId('content').hidden = false;
        render();
        loadThroughput();
      })
      .catch(function (error) {
        byId('content').hidden = true;
        byId('error').textContent = error.message === '401' ? t('badKey') : t('failed') + error.message;
      });
  }

  function loadThroughput() {
    if (!apiKey) return;
    get('/api/throughput?minutes=60')
      .then(function (data) {
        last.throughput = data;
        renderThroughput();
      })
      .catch(function () {});
  }

  function fillAgreements(items) {
    var select = byId('agreement');
    var chosen = select.value;
    var ids = {};
    Object.keys(AGREEMENTS).forEach(function (id) {
      ids[id] = true;
    });
    items.forEach(function (item) {
      if (item.agreementId) ids[item.agreementId] = true;
    });
    while (select.options.length > 1) select.remove(1);
    Object.keys(ids)
      .sort()
      .forEach(function (id) {
        select.appendChild(el('option', { value: id }, [agreementName(id)]));
      });
    select.value = chosen;
  }

  function render() {
    if (!last) return;
    var items = last.kpis.items;
    fillAgreements(items);
    var totals = { exchanges: 0, rejected: 0, expectations: 0, onTime: 0, overdue: 0 };
    items.forEach(function (item) {
      totals.exchanges += item.volumes.exchanges;
      totals.rejected += item.volumes.rejected;
      totals.expectations += item.timeliness.expectations;
      totals.onTime += item.timeliness.answeredOnTime;
      totals.overdue += item.timeliness.overdueNow;
    });
    var share = totals.expectations === 0 ? null : totals.onTime / totals.expectations;
    var shareClass = share === null ? '' : share >= 0.9 ? 'good' : share >= 0.7 ? 'warn' : 'bad';
    var tiles = byId('tiles');
    tiles.textContent = '';
    [
      ['tileOnTime', 'tile-on-time', share, percent(share), shareClass, 'tileOnTimeNote'],
      [
        'tileOverdue',
        'tile-overdue',
        totals.overdue,
        integer(totals.overdue),
        totals.overdue > 0 ? 'bad' : 'good',
        'tileOverdueNote',
      ],
      [
        'tileExchanges',
        'tile-exchanges',
        totals.exchanges,
        integer(totals.exchanges),
        '',
        'tileExchangesNote',
      ],
      [
        'tileRejected',
        'tile-rejected',
        totals.rejected,
        integer(totals.rejected),
        totals.rejected > 0 ? 'warn' : '',
        'tileRejectedNote',
      ],
    ].forEach(function (tile) {
      tiles.appendChild(
        el('div', { class: 'tile' }, [
          el('div', { class: 'label' }, [t(tile[0])]),
          figure('div', tile[1], tile[2], tile[3], 'value ' + tile[4]),
          el('div', { class: 'note' }, [t(tile[5])]),
        ]),
      );
    });

    var body = byId('kpi-rows');
    body.textContent = '';
    if (items.length === 0)
      body.appendChild(el('tr', {}, [el('td', { colspan: '11', class: 'empty' }, [t('none')])]));
    items.forEach(function (item) {
      var id = 'kpi-' + (item.agreementId || 'none') + '-' + item.month + '-';
      var s = item.timeliness.shareAnsweredOnTime;
      body.appendChild(
        el('tr', { 'data-testid': id + 'row' }, [
          el('td', {}, [agreementName(item.agreementId)]),
          el('td', {}, [monthName(item.month)]),
          figure('td', id + 'exchanges', item.volumes.exchanges, integer(item.volumes.exchanges), 'num'),
          figure('td', id + 'rejected', item.volumes.rejected, integer(item.volumes.rejected), 'num'),
          figure(
            'td',
            id + 'expectations',
            item.timeliness.expectations,
            integer(item.timeliness.expectations),
            'num',
          ),
          figure('td', id + 'answered', item.timeliness.answered, integer(item.timeliness.answered), 'num'),
          figure(
            'td',
            id + 'on-time',
            item.timeliness.answeredOnTime,
            integer(item.timeliness.answeredOnTime),
            'num',
          ),
          figure(
            'td',
            id + 'share',
            s,
            percent(s),
            'num ' + (s === null ? '' : s >= 0.9 ? 'good' : s >= 0.7 ? 'warn' : 'bad'),
          ),
          figure(
            'td',
            id + 'median',
            item.timeliness.medianResponseWorkingDays,
            decimal(item.timeliness.medianResponseWorkingDays),
            'num',
          ),
          figure(
            'td',
            id + 'p90',
            item.timeliness.p90ResponseWorkingDays,
            decimal(item.timeliness.p90ResponseWorkingDays),
            'num',
          ),
          figure(
            'td',
            id + 'overdue',
            item.timeliness.overdueNow,
            integer(item.timeliness.overdueNow),
            'num' + (item.timeliness.overdueNow > 0 ? ' bad' : ''),
          ),
        ]),
      );
    });

    var overdue = byId('overdue-rows');
    overdue.textContent = '';
    if (last.overdue.items.length === 0)
      overdue.appendChild(el('tr', {}, [el('td', { colspan: '5', class: 'empty' }, [t('noOverdue')])]));
    last.overdue.items.forEach(function (item) {
      overdue.appendChild(
        el('tr', { 'data-testid': 'overdue-' + item.expectationId }, [
          figure('td', 'overdue-due-' + item.expectationId, item.dueOn, dateName(item.dueOn), 'bad'),
          el('td', {}, [label(TARGETS, item.kind)]),
          el('td', {}, [label(PARTY, item.responsible.kind) + ' ' + item.responsible.id]),
          el('td', {}, [label(KINDS, item.triggerKind) + ', ' + dateName(item.triggerDate)]),
          el('td', { title: item.triggerMessageId }, [item.triggerMessageId.slice(0, 8).toUpperCase()]),
        ]),
      );
    });

    var reasons = {};
    items.forEach(function (item) {
      Object.keys(item.rejectionsByReason).forEach(function (code) {
        reasons[code] = (reasons[code] || 0) + item.rejectionsByReason[code];
      });
    });
    var rejections = byId('rejection-rows');
    rejections.textContent = '';
    var codes = Object.keys(reasons).sort(function (a, b) {
      return reasons[b] - reasons[a] || a.localeCompare(b);
    });
    if (codes.length === 0)
      rejections.appendChild(el('tr', {}, [el('td', { colspan: '2', class: 'empty' }, [t('noRejections')])]));
    codes.forEach(function (code) {
      rejections.appendChild(
        el('tr', {}, [
          el('td', { title: code }, [label(REASONS, code)]),
          figure('td', 'rejections-' + code, reasons[code], integer(reasons[code]), 'num'),
        ]),
      );
    });
    byId('updated').textContent =
      t('updated') + new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(new Date());
    renderThroughput();
  }

  function renderThroughput() {
    var svg = byId('throughput');
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!last || !last.throughput) return;
    var points = last.throughput.points;
    // The same colours as the legend's swatches (dashboard.css, .swatch.routed and so on).
    var series = [
      ['routed', '#1f5fa8'],
      ['delivered', '#1f7a3f'],
      ['rejected', '#b3261e'],
    ];
    var max = 1;
    points.forEach(function (p) {
      max = Math.max(max, p.routed, p.delivered, p.rejected);
    });
    var width = 960,
      height = 160,
      barGroup = width / points.length;
    var ns = 'http://www.w3.org/2000/svg';
    var totals = { routed: 0, delivered: 0, rejected: 0 };
    points.forEach(function (p, i) {
      series.forEach(function (s, j) {
        var value = p[s[0]];
        totals[s[0]] += value;
        if (value === 0) return;
        var h = Math.max(2, (value / max) * (height - 10));
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', String(i * barGroup + j * (barGroup / 3)));
        rect.setAttribute('y', String(height - h));
        rect.setAttribute('width', String(Math.max(1, barGroup / 3 - 1)));
        rect.setAttribute('height', String(h));
        rect.setAttribute('fill', s[1]);
        svg.appendChild(rect);
      });
    });
    var legend = byId('throughput-legend');
    legend.textContent = t('lastHour');
    series.forEach(function (s) {
      legend.appendChild(el('span', {}, [el('i', { class: 'swatch ' + s[0] }, []), t(s[0]) + ': ']));
      legend.lastChild.appendChild(figure('b', 'throughput-' + s[0], totals[s[0]], integer(totals[s[0]])));
    });
  }

  byId('lang').addEventListener('click', function () {
    lang = lang === 'da' ? 'en' : 'da';
    localStorage.setItem('hub-dashboard-lang', lang);
    translate();
    render();
  });
  byId('login').addEventListener('submit', function (event) {
    event.preventDefault();
    apiKey = byId('key').value.trim();
    sessionStorage.setItem('hub-dashboard-key', apiKey);
    load();
  });
  ['agreement', 'from', 'to'].forEach(function (id) {
    byId(id).addEventListener('change', load);
  });
  translate();
  if (apiKey) {
    byId('key').value = apiKey;
    load();
  }
  timers.push(setInterval(load, 30000));
  timers.push(setInterval(loadThroughput, 10000));
})();
