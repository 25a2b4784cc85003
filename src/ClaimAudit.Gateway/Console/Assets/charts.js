// Draws each scorecard chart from the numbers the page also lists in the table beside it (SVG, so the series are in the page).
(function () {
  if (typeof echarts === 'undefined') return;
  document.querySelectorAll('[data-chart]').forEach(el => {
    const data = JSON.parse(document.getElementById('chart-data-' + el.dataset.chart).textContent);
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: data.series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
      grid: { left: 56, right: 16, top: data.series.length > 1 ? 32 : 16, bottom: 28 },
      xAxis: { type: 'category', data: data.periods },
      yAxis: { type: 'value', name: data.unit },
      series: data.series.map(s => ({ name: s.name, type: data.kind, data: s.values, stack: data.kind === 'bar' ? 'total' : undefined, connectNulls: false })),
    });
    el.dataset.rendered = 'true';
    window.addEventListener('resize', () => chart.resize());
  });
})();
