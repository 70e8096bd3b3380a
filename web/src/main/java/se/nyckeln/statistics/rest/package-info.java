/**
 * The statistics REST API under {@code /api/v1/statistics} (logged in, viewer-scoped) and the one public data
 * endpoint, {@code /api/v1/open-data} (docs/statistics-api.md, docs/open-data.md).
 */
package se.nyckeln.statistics.rest;
