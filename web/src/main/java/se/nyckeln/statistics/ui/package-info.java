/** The statistics dashboards (city view, department view with drill-down, seats) as Faces views. */
package se.nyckeln.statistics.ui;
