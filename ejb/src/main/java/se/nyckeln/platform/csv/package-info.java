/**
 * Reading uploaded CSV files as offices produce them (encoding, separator, header, line numbers). Shared here
 * because more than one context imports files (organisation, licensing usage evidence), and contexts may only
 * meet through platform code or application APIs.
 */
package se.nyckeln.platform.csv;
