package se.nyckeln.suppliers.application;

import java.util.List;

/**
 * A supplier as the use cases answer it. For a Swedish supplier {@code orgNumber} is {@code NNNNNN-NNNK},
 * {@code legalForm} names the legal form its first digit gives and {@code vatNumber} is derived
 * ({@code SE<orgnr>01}); a foreign supplier has no org number and its own VAT number or Peppol id.
 */
public record SupplierEntry(long id, String name, String orgNumber, Integer legalFormDigit, String legalForm,
                            String vatNumber, String peppolId, String country, List<String> aliases) {
}
