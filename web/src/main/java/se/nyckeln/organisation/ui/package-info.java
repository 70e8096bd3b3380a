/**
 * The organisation screens (Faces): the unit tree as of a date and the organisation file import. Beans here
 * only call the organisation application services and shape their answers for the page.
 */
package se.nyckeln.organisation.ui;
