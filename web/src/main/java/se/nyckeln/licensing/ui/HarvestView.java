package se.nyckeln.licensing.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.licensing.application.HarvestProposals;
import se.nyckeln.licensing.infrastructure.HarvestStore;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.ui.LocaleView;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The harvest screen: open proposals with their evidence and value, chosen with checkboxes and approved or
 * rejected together; a unit viewer sees its own units' proposals (what it could return), without the buttons.
 */
@Named
@ViewScoped
public class HarvestView implements Serializable {

    @EJB
    private HarvestProposals harvest;

    @Inject
    private LocaleView texts;

    /** One line of the table: the proposal and whether its box is ticked. */
    public static final class Row implements Serializable {
        private final HarvestProposals.Proposal proposal;
        private boolean selected;

        Row(HarvestProposals.Proposal proposal) {
            this.proposal = proposal;
        }

        public HarvestProposals.Proposal getProposal() {
            return proposal;
        }

        public boolean isSelected() {
            return selected;
        }

        public void setSelected(boolean selected) {
            this.selected = selected;
        }
    }

    private List<Row> rows = List.of();
    private List<HarvestStore.Summary> summary = List.of();
    private String note;

    @PostConstruct
    void init() {
        load();
    }

    public void load() {
        List<Row> list = new ArrayList<>();
        harvest.proposals("PENDING", null, null, null).forEach(p -> list.add(new Row(p)));
        rows = list;
        summary = harvest.summary();
    }

    public void runNow() {
        HarvestProposals.RunResult r = harvest.run();
        Messages.info(texts.text("licensing.harvest.ran", r.created(), r.refreshed(), r.withdrawn()));
        load();
    }

    public void approveSelected() {
        List<Long> ids = selectedIds();
        if (ids.isEmpty()) {
            Messages.info(texts.text("licensing.harvest.noneSelected"));
            return;
        }
        try {
            HarvestProposals.Decision d = harvest.approve(ids, null);
            Messages.info(texts.text("licensing.harvest.approved", d.decided().size(),
                    Messages.kronor(d.monthlyValueOre(), texts)));
        } catch (BusinessException e) {
            Messages.refused(texts, e);
        }
        load();
    }

    public void rejectSelected() {
        List<Long> ids = selectedIds();
        if (ids.isEmpty()) {
            Messages.info(texts.text("licensing.harvest.noneSelected"));
            return;
        }
        try {
            HarvestProposals.Decision d = harvest.reject(ids, note);
            Messages.info(texts.text("licensing.harvest.rejected", d.decided().size()));
            note = null;
        } catch (BusinessException e) {
            Messages.refused(texts, e);
        }
        load();
    }

    private List<Long> selectedIds() {
        return rows.stream().filter(Row::isSelected).map(r -> r.getProposal().id()).toList();
    }

    public String kronor(Long ore) {
        return Messages.kronor(ore, texts);
    }

    public List<Row> getRows() {
        return rows;
    }

    public List<HarvestStore.Summary> getSummary() {
        return summary;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
