/**
 * Tables as Swedish CSV and as .xlsx (hand-written Office Open XML), with formula injection neutralised. Used by
 * every context's downloads.
 */
package se.nyckeln.platform.export;
