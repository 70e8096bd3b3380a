/** REST for the supplier master ({@code /api/v1/suppliers}). */
package se.nyckeln.suppliers.rest;
