import { BarChart } from 'chartist'
import 'chartist/dist/index.css'

/**
 * Draws a bar per day into `el` as SVG (Chartist). Loaded on demand by the
 * control report, so the library is not part of the console's first load.
 * Returns a function that removes the chart.
 */
export function drawDailyBars(el: HTMLElement, series: readonly { day: string; count: number }[]): () => void {
  const every = Math.max(1, Math.ceil(series.length / 12))
  const chart = new BarChart(
    el,
    { labels: series.map((s) => s.day.slice(5)), series: [series.map((s) => s.count)] },
    {
      height: '220px',
      axisX: { showGrid: false, labelInterpolationFnc: (value: unknown, index: number) => (index % every === 0 ? String(value) : null) },
      axisY: { onlyInteger: true },
      chartPadding: { top: 12, right: 8, bottom: 4, left: 4 },
    },
  )
  return () => chart.detach()
}
