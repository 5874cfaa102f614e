package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import dev.fleetbench.coordinator.store.CampaignStore;
import dev.fleetbench.coordinator.store.FederationStore;
import dev.fleetbench.coordinator.store.IngestResult;
import dev.fleetbench.coordinator.store.LeaseStore;
import dev.fleetbench.coordinator.store.SampleStore;
import dev.fleetbench.coordinator.store.StoredWorker;
import dev.fleetbench.coordinator.store.WorkerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Federation of sites (docs/federation.md): one coordinator per site runs its own cluster; a hub coordinator imports
 * their finished campaigns so that the team sees every site's results, and compares or pools hardware classes across
 * them. Export reads a campaign as a {@link CampaignBundle}; import writes it into this coordinator's store in one
 * transaction (workers labelled with their site), then its samples page by page, exactly once by sample id. Confined
 * to the event loop.
 */
public final class Federation {

    /**
     * The store concerns federation uses: a campaign with its matrix, its workers, lease history and samples to
     * export; the import of a whole campaign, and its samples.
     */
    public record Stores(CampaignStore campaigns, WorkerStore workers, LeaseStore leases, SampleStore samples,
                         FederationStore imports) {
    }

    /** Most samples in one import page. */
    public static final int MAX_SAMPLES_PER_PAGE = 2_000;

    private final Clock clock;
    private final Campaigns campaigns;
    private final StoreAccess<Stores> store;
    private final Fleet fleet;

    public Federation(Clock clock, Campaigns campaigns, StoreAccess<Stores> store, Fleet fleet) {
        this.clock = clock;
        this.campaigns = campaigns;
        this.store = store;
        this.fleet = fleet;
    }

    /** What an import did. */
    public record Imported(String campaignId, int cells, int workersAdded, boolean alreadyPresent) {
    }

    /** A finished campaign as a bundle (running ones are refused: their results are not final). */
    public Future<CampaignBundle> export(String campaignId) {
        CampaignRecord c = finished(campaignId, "exported");
        return store.read(s -> {
            List<Cell> cells = s.campaigns().cells(c.id());
            Set<String> placed = new HashSet<>();
            cells.forEach(cell -> placed.add(cell.workerId()));
            List<StoredWorker> workers = s.workers().workers().stream()
                    .filter(w -> placed.contains(w.registration().workerId()))
                    .map(w -> new StoredWorker(w.registration().withProof(null), w.lastSeen())).toList();
            return new CampaignBundle(CampaignBundle.FORMAT, null, clock.instant().toString(), c, workers, cells,
                    s.campaigns().units(c.id()), s.leases().leases(c.id()), s.samples().sampleCount(c.id()));
        });
    }

    /**
     * Imports a bundle. Idempotent: the same campaign again (same id and spec) changes nothing; a different campaign
     * under a known id is a conflict. Workers this coordinator knows already keep their own registration.
     */
    public Future<Imported> importBundle(CampaignBundle b) {
        CampaignRecord c = validate(b);
        var existing = campaigns.get(c.id());
        if (existing.isPresent()) {
            if (!existing.get().specText().equals(c.specText())) {
                return Future.failedFuture(new ApiProblem(ApiProblem.Kind.CONFLICT, "campaign '" + c.id()
                        + "' exists here with another spec; it was not imported"));
            }
            return Future.succeededFuture(new Imported(c.id(), b.cells().size(), 0, true));
        }
        List<StoredWorker> added = new ArrayList<>();
        for (StoredWorker w : b.workers()) {
            if (fleet.get(w.registration().workerId()).isEmpty()) {
                added.add(new StoredWorker(labelled(w.registration(), b.site()), w.lastSeen()));
            }
        }
        List<String> notes = new ArrayList<>(c.notes());
        notes.add("imported from site " + b.site() + " at " + clock.instant());
        CampaignRecord record = new CampaignRecord(c.id(), c.name(), c.specText(), c.yaml(), c.scheduleId(),
                c.createdAt(), c.state(), c.finishedAt(), notes);
        // One transaction: an import that fails leaves nothing behind, so the same bundle can be imported again.
        // The profiles are those the samples were measured on, also of workers known here with other hardware.
        List<HardwareProfile> profiles = b.workers().stream()
                .map(w -> w.registration().hardware()).filter(java.util.Objects::nonNull).toList();
        return store.write(s -> {
            s.imports().importCampaign(added, profiles, record, b.cells(), b.units(), b.leases());
            return null;
        }).map(v -> {
            added.forEach(w -> fleet.restore(w.registration(), w.lastSeen()));
            Map<CellStatus, Integer> counts = new EnumMap<>(CellStatus.class);
            b.cells().forEach(cell -> counts.merge(cell.status(), 1, Integer::sum));
            campaigns.adopt(record, CampaignProgress.of(record.id(), counts));
            return new Imported(record.id(), b.cells().size(), added.size(), false);
        });
    }

    /** Stores a page of an imported campaign's samples, exactly once by sample id. */
    public Future<IngestResult> importSamples(String campaignId, List<Sample> samples) {
        CampaignRecord c = finished(campaignId, "given samples");
        if (samples.size() > MAX_SAMPLES_PER_PAGE) {
            throw new IllegalArgumentException("at most " + MAX_SAMPLES_PER_PAGE + " samples per page, got " + samples.size());
        }
        for (Sample s : samples) {
            if (s == null || !c.id().equals(s.campaignId())) {
                throw new IllegalArgumentException("every sample must belong to campaign " + c.id() + "; "
                        + (s == null ? "a sample is null" : "sample " + s.id() + " names " + s.campaignId()));
            }
        }
        return store.write(s -> s.samples().ingest(samples));
    }

    private CampaignRecord finished(String id, String what) {
        CampaignRecord c = campaigns.get(id).orElseThrow(() -> new ApiProblem(ApiProblem.Kind.NOT_FOUND,
                "no campaign '" + id + "'"));
        if (c.state() == CampaignState.RUNNING) {
            throw new ApiProblem(ApiProblem.Kind.CONFLICT, "campaign '" + id + "' is still running; only finished"
                    + " campaigns can be " + what);
        }
        return c;
    }

    private static CampaignRecord validate(CampaignBundle b) {
        if (!CampaignBundle.FORMAT.equals(b.format())) {
            throw new IllegalArgumentException("format must be '" + CampaignBundle.FORMAT + "', got '" + b.format() + "'");
        }
        if (!Ids.Shape.NAME.matches(b.site())) {
            throw new IllegalArgumentException("site must be " + Ids.Shape.NAME.words());
        }
        CampaignRecord c = b.campaign();
        // A campaign id has the shape the REST API addresses (no dot), so an imported campaign can be read back.
        if (c == null || !Ids.Shape.ID.matches(c.id()) || c.specText() == null || c.createdAt() == null
                || c.state() == null) {
            throw new IllegalArgumentException("campaign needs an id (" + Ids.Shape.ID.words() + "), spec_text,"
                    + " created_at and state");
        }
        if (c.state() == CampaignState.RUNNING) {
            throw new IllegalArgumentException("campaign " + c.id() + " is still running at site " + b.site()
                    + "; only finished campaigns can be imported");
        }
        CampaignSpecParser.parse(c.specText(), c.yaml());
        Set<String> workers = new HashSet<>();
        for (StoredWorker w : b.workers()) {
            if (w == null || w.registration() == null || w.registration().workerId() == null
                    || w.registration().hardware() == null || w.lastSeen() == null) {
                throw new IllegalArgumentException("every worker needs a registration with worker_id and hardware, and"
                        + " last_seen");
            }
            workers.add(w.registration().workerId());
        }
        for (Cell cell : b.cells()) {
            if (cell == null || !c.id().equals(cell.campaignId()) || cell.status() == null) {
                throw new IllegalArgumentException("every cell must belong to campaign " + c.id() + " and have a status");
            }
            if (cell.workerId() != null && !workers.contains(cell.workerId())) {
                throw new IllegalArgumentException("cell " + cell.id() + " is placed on worker " + cell.workerId()
                        + ", which the bundle does not describe");
            }
        }
        if (b.units().stream().anyMatch(u -> u == null || !c.id().equals(u.campaignId()))
                || b.leases().stream().anyMatch(l -> l == null || !c.id().equals(l.campaignId()))) {
            throw new IllegalArgumentException("every unit and lease must belong to campaign " + c.id());
        }
        return c;
    }

    private static RegisterRequest labelled(RegisterRequest r, String site) {
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        labels.put("site", site);
        return new RegisterRequest(r.v(), r.workerId(), r.agentVersion(), r.hardware(), r.engine(), r.catalog(),
                r.cached(), labels, null);
    }
}
