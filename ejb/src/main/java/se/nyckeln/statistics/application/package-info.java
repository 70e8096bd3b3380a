/**
 * The statistics use cases (read only): utilisation, shelfware and cost per unit and month with drill-down from
 * the city to seats ({@link se.nyckeln.statistics.application.Statistics}), a unit viewer's comparison with the
 * median of similar units, and the public open-data aggregates ({@link se.nyckeln.statistics.application.OpenData}).
 */
package se.nyckeln.statistics.application;
