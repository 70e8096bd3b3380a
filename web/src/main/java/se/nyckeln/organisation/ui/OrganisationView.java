package se.nyckeln.organisation.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.DefaultTreeNode;
import org.primefaces.model.TreeNode;
import org.primefaces.model.file.UploadedFile;
import se.nyckeln.organisation.application.ImportKind;
import se.nyckeln.organisation.application.ImportReport;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.OrganisationImports;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The organisation screen: the units the caller may see as of a date (the service does the scoping; this bean
 * asks for nothing else), and for licence administrators the upload of an organisation file and its report.
 */
@Named
@ViewScoped
public class OrganisationView implements Serializable {

    @EJB
    private OrgTree orgTree;

    @EJB
    private OrganisationImports imports;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private LocalDate asOf;
    private TreeNode<UnitRow> root;
    private long totalPeople;
    private long totalDevices;

    private ImportKind kind = ImportKind.UNITS;
    // the upload lives for one request only; never kept with the view state
    private transient UploadedFile file;
    private List<ImportErrorRow> errors = List.of();
    private String rejectedFile;

    @PostConstruct
    void init() {
        asOf = LocalDate.now(clock);
        load();
    }

    /** (Re)reads the tree as of the chosen date. */
    public void load() {
        if (asOf == null) {
            return;
        }
        List<UnitNode> units = orgTree.asOf(asOf);
        Map<Long, List<UnitNode>> children = new HashMap<>();
        Map<Long, UnitNode> byId = new HashMap<>();
        units.forEach(u -> byId.put(u.id(), u));
        List<UnitNode> tops = new ArrayList<>();
        for (UnitNode u : units) {
            // a unit whose parent the caller cannot see is a top of the caller's tree
            if (u.parentId() == null || !byId.containsKey(u.parentId())) {
                tops.add(u);
            } else {
                children.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u);
            }
        }
        TreeNode<UnitRow> newRoot = new DefaultTreeNode<>(null, null);
        long people = 0;
        long devices = 0;
        for (UnitNode top : tops) {
            UnitRow row = add(top, newRoot, children);
            people += row.subtreePeople();
            devices += row.subtreeDevices();
        }
        root = newRoot;
        totalPeople = people;
        totalDevices = devices;
    }

    private static UnitRow add(UnitNode unit, TreeNode<UnitRow> parent, Map<Long, List<UnitNode>> children) {
        DefaultTreeNode<UnitRow> node = new DefaultTreeNode<>(null, parent);
        node.setExpanded(true);
        long people = unit.people();
        long devices = unit.devices();
        for (UnitNode child : children.getOrDefault(unit.id(), List.of())) {
            UnitRow c = add(child, node, children);
            people += c.subtreePeople();
            devices += c.subtreeDevices();
        }
        UnitRow row = UnitRow.of(unit, people, devices);
        node.setData(row);
        return row;
    }

    /** Imports the chosen file; the tree is re-read after an accepted import. */
    public void upload() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        errors = List.of();
        rejectedFile = null;
        if (!faces.getExternalContext().isUserInRole(Role.ADMIN)) {
            // the form is not even rendered for others; this guards against a crafted post
            faces.getExternalContext().responseSendError(403, null);
            faces.responseComplete();
            return;
        }
        if (file == null || file.getSize() == 0) {
            error(faces, texts.text("org.import.noFile"));
            return;
        }
        String name = baseName(file.getFileName());
        try (InputStream in = file.getInputStream()) {
            ImportReport report = imports.importFile(kind, name, in);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO,
                    texts.text("org.import.done", texts.text("org.import.kind." + report.kind().name()),
                            report.fileName(), report.rows(), report.created(), report.updated(), report.closed(),
                            report.unchanged()), null));
            load();
        } catch (BusinessException e) {
            if ("import-rejected".equals(e.code())) {
                rejectedFile = name;
                errors = e.errors().stream().map(err -> ImportErrorRow.of(err, texts.getLocale())).toList();
            } else {
                error(faces, texts.text("org.import.failed", Problems.text(texts.getLocale(), e.code(), e.args())));
            }
        } finally {
            file = null;
        }
    }

    private static void error(FacesContext faces, String text) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    /** Browsers other than Chromium/Firefox have sent the client-side path; only the name is meaningful. */
    private static String baseName(String fileName) {
        if (fileName == null) {
            return "";
        }
        int cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return cut < 0 ? fileName : fileName.substring(cut + 1);
    }

    public ImportKind[] getKinds() {
        return ImportKind.values();
    }

    public boolean isRejected() {
        return rejectedFile != null;
    }

    public String getAsOfText() {
        return asOf == null ? "" : asOf.toString();
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public void setAsOf(LocalDate asOf) {
        this.asOf = asOf;
    }

    public TreeNode<UnitRow> getRoot() {
        return root;
    }

    public long getTotalPeople() {
        return totalPeople;
    }

    public long getTotalDevices() {
        return totalDevices;
    }

    public ImportKind getKind() {
        return kind;
    }

    public void setKind(ImportKind kind) {
        this.kind = kind;
    }

    public UploadedFile getFile() {
        return file;
    }

    public void setFile(UploadedFile file) {
        this.file = file;
    }

    public List<ImportErrorRow> getErrors() {
        return errors;
    }

    public String getRejectedFile() {
        return rejectedFile;
    }
}
