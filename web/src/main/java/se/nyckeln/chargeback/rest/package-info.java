/** The chargeback REST API under {@code /api/v1/chargeback} (docs/chargeback-api.md). */
package se.nyckeln.chargeback.rest;
