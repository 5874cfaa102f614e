// ECharts, from its WebJar (no CDN), loaded only by pages that draw. Charts render as SVG, so their text is text in
// the page. Tooltips are ECharts HTML: every text put into them goes through esc().
const ECHARTS = '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

let loading = null;

export function echarts() {
  if (!loading) loading = import(ECHARTS);
  return loading;
}

/** Escapes text for the HTML of an ECharts tooltip. */
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A chart in el that follows its size and is disposed of when the page ends. */
export async function chart(el, ctx) {
  const e = await echarts();
  const c = e.init(el, null, { renderer: 'svg' });
  const ro = new ResizeObserver(() => c.resize());
  ro.observe(el);
  ctx.cleanup(() => {
    ro.disconnect();
    c.dispose();
  });
  return c;
}

/**
 * A heatmap: rows (y) × columns (x), each cell { x, y, value, label, tooltip (HTML, escaped by the caller) }.
 * onClick(cell) for drill-down. Lower is greener when higherIsBetter is false.
 */
export async function heatmap(el, ctx, { rows, columns, cells, higherIsBetter, onClick }) {
  const c = await chart(el, ctx);
  const values = cells.map((x) => x.value).filter((v) => v != null);
  // The scale starts at zero, so that two nearly equal figures get nearly equal colours.
  const min = values.length ? Math.min(0, ...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const colors = ['#d7301f', '#fdae61', '#ffffbf', '#a6d96a', '#1a9641'];
  c.setOption({
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 64, containLabel: true },
    tooltip: { confine: true, formatter: (p) => cells[p.dataIndex]?.tooltip ?? '' },
    xAxis: { type: 'category', data: columns, splitArea: { show: true }, axisLabel: { interval: 0, rotate: columns.length > 4 ? 20 : 0 } },
    yAxis: { type: 'category', data: rows, splitArea: { show: true } },
    visualMap: {
      min, max: max === min ? min + 1 : max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 160, inRange: { color: higherIsBetter ? colors : [...colors].reverse() }, text: ['high', 'low'],
    },
    series: [{
      type: 'heatmap',
      data: cells.map((x) => ({ value: [x.x, x.y, x.value ?? '-'], label: { show: true, formatter: x.label } })),
      label: { show: true, fontSize: 12, lineHeight: 16 },
      emphasis: { itemStyle: { borderColor: '#222', borderWidth: 2 } },
    }],
  });
  if (onClick) c.on('click', (p) => onClick(cells[p.dataIndex]));
  return c;
}

/**
 * Bars with confidence-interval whiskers: items { name, value, low, high, tooltip }.
 */
export async function barsWithCi(el, ctx, { items, unitLabel }) {
  const c = await chart(el, ctx);
  c.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', confine: true, formatter: (p) => items[p.dataIndex]?.tooltip ?? '' },
    xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { interval: 0, rotate: items.length > 4 ? 20 : 0 } },
    yAxis: { type: 'value', name: unitLabel },
    series: [
      { type: 'bar', data: items.map((i) => i.value), itemStyle: { color: '#4e79a7' }, barMaxWidth: 48 },
      {
        type: 'custom',
        name: '95 % CI of the median',
        data: items.map((i, k) => [k, i.low, i.high]),
        renderItem: (params, api) => {
          if (api.value(1) == null || Number.isNaN(api.value(1))) return null;
          const lo = api.coord([api.value(0), api.value(1)]);
          const hi = api.coord([api.value(0), api.value(2)]);
          const w = api.size([1, 0])[0] * 0.12;
          const style = { stroke: '#222', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
              { type: 'line', shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style },
              { type: 'line', shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style },
            ],
          };
        },
        encode: { x: 0, y: [1, 2] },
        z: 10,
      },
    ],
  });
  return c;
}
