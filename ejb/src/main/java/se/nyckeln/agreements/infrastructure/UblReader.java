package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.suppliers.application.Suppliers;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Peppol BIS Billing 3.0 (UBL 2.1) Invoice or CreditNote safely: the JDK's own StAX parser with DTDs
 * and external entities switched off, and any document that carries a DOCTYPE refused outright (so neither
 * XXE nor entity expansion can happen). A document is read into a small element tree (it is at most
 * {@link InvoiceArchive#MAX_DOCUMENT_BYTES}) and then the fields are taken by path. Every problem becomes an
 * {@link ImportError} naming the file, the line and the element.
 */
public final class UblReader {

    public static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public static final String CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    /** Nesting deeper than this is not an invoice. */
    static final int MAX_DEPTH = 64;

    private static final XMLInputFactory FACTORY = factory();

    private UblReader() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (IllegalArgumentException ignored) {
            // not every implementation knows these; DTDs are refused below in any case
        }
        return f;
    }

    /** The outcome: the invoice, or the problems that keep it out. */
    public record Result(UblInvoice invoice, List<ImportError> errors) {
    }

    /** An element: namespace, local name, attributes, text and children, with the line it began on. */
    static final class Node {
        final String ns;
        final String name;
        final long line;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final StringBuilder text = new StringBuilder();
        final List<Node> children = new ArrayList<>();

        Node(String ns, String name, long line) {
            this.ns = ns == null ? "" : ns;
            this.name = name;
            this.line = line;
        }

        Node child(String ns, String name) {
            for (Node c : children) {
                if (c.ns.equals(ns) && c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }

        List<Node> all(String ns, String name) {
            return children.stream().filter(c -> c.ns.equals(ns) && c.name.equals(name)).toList();
        }

        /** The node at a path like {@code cac:Party/cbc:Name}, or null. */
        Node at(String path) {
            Node n = this;
            for (String step : path.split("/")) {
                String ns = step.startsWith("cac:") ? CAC : CBC;
                n = n.child(ns, step.substring(4));
                if (n == null) {
                    return null;
                }
            }
            return n;
        }

        String text(String path) {
            Node n = at(path);
            if (n == null) {
                return null;
            }
            String t = n.text.toString().trim();
            return t.isEmpty() ? null : t;
        }
    }

    public static Result read(String file, byte[] document) {
        Node root;
        try {
            root = tree(document);
        } catch (XMLStreamException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
            int at = message.indexOf("Message: ");
            return failed(new ImportError(file, Math.max(line, 0), null, null, "xml-malformed",
                    at >= 0 ? message.substring(at + 9) : message));
        } catch (DtdRefused e) {
            return failed(new ImportError(file, e.line, "!DOCTYPE", null, "xml-dtd-refused"));
        } catch (TooDeep e) {
            return failed(new ImportError(file, e.line, null, null, "xml-too-deep", MAX_DEPTH));
        }
        return new Extraction(file, root).run();
    }

    private static Result failed(ImportError e) {
        return new Result(null, List.of(e));
    }

    private static final class DtdRefused extends Exception {
        final long line;

        DtdRefused(long line) {
            super(null, null, false, false);
            this.line = line;
        }
    }

    private static final class TooDeep extends Exception {
        final long line;

        TooDeep(long line) {
            super(null, null, false, false);
            this.line = line;
        }
    }

    static Node tree(byte[] document) throws XMLStreamException, DtdRefused, TooDeep {
        XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(document));
        try {
            List<Node> stack = new ArrayList<>();
            Node root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new DtdRefused(r.getLocation().getLineNumber());
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new DtdRefused(r.getLocation().getLineNumber());
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (stack.size() >= MAX_DEPTH) {
                            throw new TooDeep(r.getLocation().getLineNumber());
                        }
                        Node n = new Node(r.getNamespaceURI(), r.getLocalName(), r.getLocation().getLineNumber());
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            n.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        if (stack.isEmpty()) {
                            root = n;
                        } else {
                            stack.get(stack.size() - 1).children.add(n);
                        }
                        stack.add(n);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!stack.isEmpty()) {
                            stack.get(stack.size() - 1).text.append(r.getText());
                        }
                    }
                    default -> {
                        // comments, processing instructions, whitespace
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("no root element");
            }
            return root;
        } finally {
            r.close();
        }
    }

    /** Takes the fields out of a parsed tree, collecting every problem. */
    private static final class Extraction {
        private final String file;
        private final Node root;
        private final List<ImportError> errors = new ArrayList<>();
        private LocalDate invoiceStart;
        private LocalDate invoiceEnd;
        private String headerAccount;

        Extraction(String file, Node root) {
            this.file = file;
            this.root = root;
        }

        Result run() {
            boolean credit;
            if (INVOICE_NS.equals(root.ns) && "Invoice".equals(root.name)) {
                credit = false;
            } else if (CREDIT_NOTE_NS.equals(root.ns) && "CreditNote".equals(root.name)) {
                credit = true;
            } else {
                errors.add(new ImportError(file, root.line, root.name, root.ns, "xml-not-ubl-invoice"));
                return new Result(null, errors);
            }
            String number = required(root, "cbc:ID");
            LocalDate issued = date(root, "cbc:IssueDate", true);
            String currency = required(root, "cbc:DocumentCurrencyCode");
            String buyerRef = root.text("cbc:BuyerReference");
            String orderRef = root.text("cac:OrderReference/cbc:ID");
            if (buyerRef == null && orderRef == null) {
                errors.add(new ImportError(file, root.line, "cbc:BuyerReference", null, "xml-missing-element",
                        "cbc:BuyerReference / cac:OrderReference/cbc:ID"));
            }
            String contractRef = root.text("cac:ContractDocumentReference/cbc:ID");
            invoiceStart = date(root, "cac:InvoicePeriod/cbc:StartDate", false);
            invoiceEnd = date(root, "cac:InvoicePeriod/cbc:EndDate", false);
            // BT-19 buyer accounting reference (kontering) of the document; a line's own BT-133 wins over it
            headerAccount = LedgerCsv.account(root.text("cbc:AccountingCost"));
            Node party = root.at("cac:AccountingSupplierParty/cac:Party");
            String supplierKey = null;
            String supplierName = null;
            if (party == null) {
                errors.add(new ImportError(file, root.line, "cac:AccountingSupplierParty", null, "xml-missing-element",
                        "cac:AccountingSupplierParty/cac:Party"));
            } else {
                supplierName = party.text("cac:PartyLegalEntity/cbc:RegistrationName");
                if (supplierName == null) {
                    supplierName = party.text("cac:PartyName/cbc:Name");
                }
                supplierKey = supplierKey(party);
            }
            List<UblInvoice.Line> lines = new ArrayList<>();
            String lineName = credit ? "CreditNoteLine" : "InvoiceLine";
            List<Node> lineNodes = root.all(CAC, lineName);
            if (lineNodes.isEmpty()) {
                errors.add(new ImportError(file, root.line, "cac:" + lineName, null, "xml-missing-element",
                        "cac:" + lineName));
            }
            for (Node l : lineNodes) {
                UblInvoice.Line line = line(l, credit, currency);
                if (line != null) {
                    lines.add(line);
                }
            }
            if (!errors.isEmpty()) {
                return new Result(null, errors);
            }
            // BT-25: the invoices credited (0..n), read for credit notes and (corrective) invoices alike
            List<String> billing = new ArrayList<>();
            for (Node b : root.all(CAC, "BillingReference")) {
                String ref = b.text("cac:InvoiceDocumentReference/cbc:ID");
                if (ref != null && !billing.contains(ref)) {
                    billing.add(ref);
                }
            }
            return new Result(new UblInvoice(file, credit ? "CREDIT_NOTE" : "INVOICE", number, issued, currency,
                    buyerRef, orderRef, contractRef, supplierKey, supplierName, billing, lines), List.of());
        }

        /** Legal-entity org number (scheme 0007 or ten Luhn-valid digits), else VAT number, else endpoint id. */
        private String supplierKey(Node party) {
            Node company = party.at("cac:PartyLegalEntity/cbc:CompanyID");
            if (company != null && !company.text.toString().isBlank()) {
                String scheme = company.attributes.get("schemeID");
                String id = company.text.toString().trim();
                if (scheme == null || "0007".equals(scheme)) {
                    Optional<String> k = Suppliers.key(id).filter(Suppliers::isOrgNumberKey);
                    if (k.isPresent()) {
                        return k.get();
                    }
                    if ("0007".equals(scheme)) {
                        errors.add(new ImportError(file, company.line, "cac:PartyLegalEntity/cbc:CompanyID", id,
                                "xml-bad-org-number"));
                        return null;
                    }
                }
            }
            for (Node tax : party.all(CAC, "PartyTaxScheme")) {
                if ("VAT".equalsIgnoreCase(tax.text("cac:TaxScheme/cbc:ID"))) {
                    String vat = tax.text("cbc:CompanyID");
                    Optional<String> k = Suppliers.vatKey(vat);
                    if (k.isPresent()) {
                        return k.get();
                    }
                }
            }
            Node endpoint = party.child(CBC, "EndpointID");
            if (endpoint != null) {
                Optional<String> k = Suppliers.peppolKey(endpoint.attributes.get("schemeID"),
                        endpoint.text.toString());
                if (k.isPresent()) {
                    return k.get();
                }
            }
            errors.add(new ImportError(file, party.line, "cac:AccountingSupplierParty/cac:Party", null,
                    "xml-no-supplier-id"));
            return null;
        }

        private UblInvoice.Line line(Node l, boolean credit, String currency) {
            int before = errors.size();
            String id = required(l, "cbc:ID");
            String qName = credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
            BigDecimal quantity = decimal(l, qName, true);
            Node qNode = l.at(qName);
            String unitCode = qNode == null ? null : qNode.attributes.get("unitCode");
            Long amount = ore(l, "cbc:LineExtensionAmount", currency);
            BigDecimal price = decimal(l, "cac:Price/cbc:PriceAmount", true);
            BigDecimal base = decimal(l, "cac:Price/cbc:BaseQuantity", false);
            if (base != null && base.signum() <= 0) {
                errors.add(new ImportError(file, l.at("cac:Price/cbc:BaseQuantity").line, "cac:Price/cbc:BaseQuantity",
                        base.toPlainString(), "xml-bad-number"));
            }
            Node item = l.at("cac:Item");
            String name = item == null ? null : item.text("cbc:Name");
            if (item == null || name == null) {
                errors.add(new ImportError(file, l.line, "cac:Item/cbc:Name", null, "xml-missing-element",
                        "cac:Item/cbc:Name"));
            }
            if (errors.size() > before) {
                return null;
            }
            String sellerId = item.text("cac:SellersItemIdentification/cbc:ID");
            String standardId = item.text("cac:StandardItemIdentification/cbc:ID");
            Node cls = item.at("cac:CommodityClassification/cbc:ItemClassificationCode");
            String classification = cls == null ? null : cls.text.toString().trim();
            String listId = cls == null ? null : cls.attributes.get("listID");
            String vatCategory = item.text("cac:ClassifiedTaxCategory/cbc:ID");
            BigDecimal vatPercent = decimal(item, "cac:ClassifiedTaxCategory/cbc:Percent", false);
            LocalDate start = date(l, "cac:InvoicePeriod/cbc:StartDate", false);
            LocalDate end = date(l, "cac:InvoicePeriod/cbc:EndDate", false);
            if (start == null && end == null) {
                start = invoiceStart;
                end = invoiceEnd;
            }
            BigDecimal unitPrice = base == null || base.signum() <= 0 ? price
                    : price.divide(base, 6, RoundingMode.HALF_UP);
            long unitPriceOre = unitPrice.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
            BigDecimal q = credit ? quantity.negate() : quantity;
            long a = credit ? -amount : amount;
            String account = LedgerCsv.account(l.text("cbc:AccountingCost"));
            return new UblInvoice.Line(id, name, sellerId, standardId, classification, listId, q, unitCode,
                    unitPriceOre, a, vatCategory, vatPercent, start, end, account == null ? headerAccount : account);
        }

        private String required(Node n, String path) {
            String t = n.text(path);
            if (t == null) {
                errors.add(new ImportError(file, n.line, path, null, "xml-missing-element", path));
            }
            return t;
        }

        private LocalDate date(Node n, String path, boolean required) {
            String t = required ? required(n, path) : n.text(path);
            if (t == null) {
                return null;
            }
            try {
                return LocalDate.parse(t);
            } catch (DateTimeParseException e) {
                errors.add(new ImportError(file, n.at(path).line, path, t, "xml-bad-date"));
                return null;
            }
        }

        private BigDecimal decimal(Node n, String path, boolean required) {
            String t = required ? required(n, path) : n.text(path);
            if (t == null) {
                return null;
            }
            try {
                BigDecimal d = new BigDecimal(t);
                if (d.scale() > 6 || d.precision() - d.scale() > 12) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                errors.add(new ImportError(file, n.at(path).line, path, t, "xml-bad-number"));
                return null;
            }
        }

        private Long ore(Node n, String path, String currency) {
            BigDecimal d = decimal(n, path, true);
            if (d == null) {
                return null;
            }
            Node a = n.at(path);
            String cur = a.attributes.get("currencyID");
            if (cur != null && currency != null && !cur.equals(currency)) {
                errors.add(new ImportError(file, a.line, path, cur, "xml-currency-mismatch", currency));
                return null;
            }
            if (d.stripTrailingZeros().scale() > 2) {
                errors.add(new ImportError(file, a.line, path, d.toPlainString(), "xml-bad-amount"));
                return null;
            }
            return d.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        }
    }
}
