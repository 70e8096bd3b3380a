/** Chargeback use cases: portfolio, cost pools, keys, measures, the monthly run and its lifecycle. */
package se.nyckeln.chargeback.application;
