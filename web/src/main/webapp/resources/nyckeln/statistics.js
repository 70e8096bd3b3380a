/*
 * Draws the statistics charts with Chart.js. Each <canvas data-chart="{...}"> carries its labels and series; the
 * same numbers are in the table next to it (the text alternative), so a chart adds nothing a table lacks.
 */
(function () {
    'use strict';
    if (typeof Chart === 'undefined') {
        return;
    }
    // dark, distinct colours with at least 3:1 contrast against white (WCAG 1.4.11)
    var colours = ['#0b5394', '#a34700', '#2e6b30', '#6a1b9a'];
    var canvases = document.querySelectorAll('canvas[data-chart]');
    Array.prototype.forEach.call(canvases, function (canvas) {
        var spec;
        try {
            spec = JSON.parse(canvas.getAttribute('data-chart'));
        } catch (e) {
            return;
        }
        if (!spec || !spec.labels || spec.labels.length === 0) {
            canvas.closest('figure').classList.add('chart-empty');
            return;
        }
        var datasets = spec.datasets.map(function (d, i) {
            return {
                label: d.label,
                data: d.data,
                backgroundColor: colours[i % colours.length],
                borderColor: colours[i % colours.length],
                borderWidth: 2,
                fill: false,
                spanGaps: true
            };
        });
        new Chart(canvas, {
            type: spec.type,
            data: { labels: spec.labels, datasets: datasets },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                locale: document.documentElement.lang || 'sv',
                scales: { y: { beginAtZero: true, suggestedMax: spec.yMax || undefined,
                    title: { display: true, text: spec.yTitle } } },
                plugins: { legend: { display: datasets.length > 1 } }
            }
        });
    });
}());
