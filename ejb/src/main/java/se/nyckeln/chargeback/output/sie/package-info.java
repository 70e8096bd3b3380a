/** SIE 4I (vouchers for import into the kommun's ledger): a CP437 writer with #KSUMMA and a verifying reader. */
package se.nyckeln.chargeback.output.sie;
