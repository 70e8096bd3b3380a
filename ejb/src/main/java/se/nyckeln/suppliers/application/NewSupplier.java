package se.nyckeln.suppliers.application;

import java.util.List;

/** A supplier to register: an org number, or (foreign) a VAT number or Peppol id {@code scheme:id}. */
public record NewSupplier(String name, String orgNumber, String vatNumber, String peppolId, String country,
                          List<String> aliases) {
}
