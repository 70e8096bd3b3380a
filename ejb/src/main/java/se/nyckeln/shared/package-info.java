/** Value objects every context shares: money in öre, periods, Swedish identifiers, date ranges. No behaviour that needs a container. */
package se.nyckeln.shared;
