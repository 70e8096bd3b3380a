/**
 * The statistics context's rules, free of persistence: how seats are priced (the licensing valuation rule),
 * how figures add up and are expressed as ratios and medians, and when a figure is too small to be shown.
 */
package se.nyckeln.statistics.domain;
