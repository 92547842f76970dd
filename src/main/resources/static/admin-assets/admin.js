// The campaign page refreshes its counts, status and chart every few seconds while the
// campaign is scheduled or running, from /admin/campaigns/{id}/live (same session), and
// stops once it is paused or finished. No library: fetch and textContent.
// The Content-Security-Policy allows no inline style, so the progress bars get their widths
// here, from data-percent.
(function () {
  'use strict';

  function widen(bar) {
    bar.style.width = bar.getAttribute('data-percent') + '%';
  }

  document.querySelectorAll('[data-percent]').forEach(widen);

  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        event.preventDefault();
      }
    });
  });

  var page = document.getElementById('campaign');
  if (!page) {
    return;
  }
  var url = page.getAttribute('data-live-url');
  var interval = parseInt(page.getAttribute('data-refresh-ms') || '5000', 10);
  var timer = null;

  function render(live) {
    page.querySelectorAll('[data-field]').forEach(function (element) {
      var value = live[element.getAttribute('data-field')];
      element.textContent = value === null || value === undefined ? '–' : String(value);
    });
    var status = document.getElementById('status');
    status.className = 'status status-' + live.status;
    var progress = document.getElementById('progress');
    progress.setAttribute('data-percent', String(live.percent));
    widen(progress);
    count('data-outcome', live.byOutcome);
    count('data-detection', live.byDetection);
    page.querySelectorAll('form[data-when]').forEach(function (form) {
      form.hidden = form.getAttribute('data-when').split(' ').indexOf(live.status) < 0;
    });
    // built by the server from numbers and fixed labels only (OutcomeChart)
    document.getElementById('chart').innerHTML = live.chartSvg;
    page.setAttribute('data-refreshing', String(live.refreshing));
  }

  // each cell with that attribute shows the count its value keys in counts, 0 where absent
  function count(attribute, counts) {
    page.querySelectorAll('[' + attribute + ']').forEach(function (cell) {
      var n = counts[cell.getAttribute(attribute)];
      cell.textContent = String(n === undefined ? 0 : n);
    });
  }

  function refresh() {
    fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', redirect: 'manual' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (live) {
        render(live);
        if (!live.refreshing) {
          window.clearInterval(timer);
        }
      })
      .catch(function () {
        // the next tick tries again; a lost session shows as stale numbers until a reload
      });
  }

  if (page.getAttribute('data-refreshing') === 'true') {
    timer = window.setInterval(refresh, interval);
  }
})();
