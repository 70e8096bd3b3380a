/** The audit trail over HTTP: read-only, filtered, for auditors and the licence administrator. */
package se.nyckeln.audit.rest;
