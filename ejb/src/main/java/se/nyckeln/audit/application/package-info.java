/** The audit trail: writing events in the changing transaction, and reading them for auditors. */
package se.nyckeln.audit.application;
