"""Typed, documented module globals that tune cctvgeo.

Change them at run time, for example ``cg.settings.min_retention_days = 30``.
Every value here is a documented default, not a hidden constant: functions read
these globals when they run, so a change applies to the next call.
"""

from __future__ import annotations

# --- Detail levels (EN 62676-4 "DORI" and its extensions), pixels per metre on the target.
#: Pixel density each detail level needs, in pixels per metre (EN 62676-4:2015, Table/Annex on
#: operational requirements: monitor 12.5, detect 25, observe 62.5, recognise 125, identify 250).
dori_ppm: dict[str, float] = {
    "monitor": 12.5,
    "detect": 25.0,
    "observe": 62.5,
    "recognise": 125.0,
    "identify": 250.0,
}

# --- Camera defaults used where the survey gives no value.
#: Mounting height in metres for a camera with no ``height_m``.
default_height_m: float = 5.0
#: Tilt below the horizontal in degrees for a camera with no ``tilt_deg``.
default_tilt_deg: float = 15.0

# --- Survey validation.
#: Recordings kept for fewer days than this are reported as a warning. Footage is usually
#: requested days after an incident; Ang Thong's education office kept only about 3 days.
min_retention_days: int = 30
#: Latitudes where a surveyed camera is plausible. Used to decide whether a coordinate pair is
#: swapped when both readings are inside the valid range (south of 60 S is Antarctica).
plausible_latitude: tuple[float, float] = (-60.0, 85.0)
#: Two cameras closer than this (metres) with the same heading are reported as a likely duplicate.
duplicate_distance_m: float = 1.0
#: Buddhist-era years are this much larger than common-era years (พ.ศ. = ค.ศ. + 543).
buddhist_era_offset: int = 543

# --- OpenStreetMap tags.
#: How to read OSM ``camera:angle``. The OSM wiki defines it as the tilt from the horizontal, but
#: many mappers use it for the width of view. ``"tilt"`` follows the wiki, ``"hfov"`` reads it as
#: the horizontal field of view and ``"ignore"`` keeps it only as the raw tag column.
osm_camera_angle: str = "tilt"

# --- Fields of view and occlusion (cctvgeo.coverage.fov, cctvgeo.coverage.occlusion).
# See docs/footprints.md for the geometry these settings feed.
#: Horizontal field of view (degrees) used when a camera has neither ``hfov_deg`` nor a lens
#: (``focal_length_mm`` and ``sensor_width_mm``), by ``camera_type``; ``"unknown"`` is used for a
#: missing or unrecognised type. A 2.8-4 mm lens on a 1/2.8" sensor gives roughly 70-100 degrees;
#: a PTZ is read at the wide end of its zoom; an ALPR camera is zoomed onto one or two lanes.
default_hfov_deg: dict[str, float] = {
    "fixed": 80.0,
    "dome": 90.0,
    "ptz": 60.0,
    "alpr": 30.0,
    "panoramic": 360.0,
    "unknown": 80.0,
}
#: Horizontal resolution in pixels for a camera with no ``resolution_px`` (1920 = the common 2 MP).
default_resolution_px: float = 1920.0
#: Image width over height, used to derive the vertical field of view from the horizontal one for
#: rectilinear lenses: ``vfov = 2 atan(tan(hfov / 2) / aspect_ratio)``. 16:9 is the 1080p/4K frame.
aspect_ratio: float = 16.0 / 9.0
#: Vertical field of view (degrees) of panoramic cameras (and any view of 180 degrees or more),
#: for which the rectilinear formula above does not apply.
panoramic_vfov_deg: float = 90.0
#: Largest angle (degrees) between two vertices on a footprint's arc. Outer arcs are inscribed and
#: inner arcs circumscribed, so a footprint never claims ground outside its true annular sector;
#: its area is short by at most ``1 - sin(step)/step`` (0.13 % at 5 degrees).
arc_step_deg: float = 5.0
#: Treat ``camera_type="dome"`` like a PTZ (full ring, or the swept range). Set False when the
#: survey's domes are fixed domes (a Thai "กล้องโดม" usually is; a "speed dome" is a PTZ): they then
#: get a fixed sector like any fixed camera.
dome_is_ptz: bool = True
#: Reach of the ring given to a directional camera whose heading is unknown
#: (``missing_heading="omni"``), as a fraction of its far edge. None (the default) picks the ring
#: whose area equals the sector's, so the expected covered area is unchanged.
omni_reach_factor: float | None = None
#: ``missing_heading="road"`` takes the bearing of the nearest road segment within this distance
#: (metres); a camera farther from every road gets the ``"omni"`` ring and a ``reason``.
heading_road_max_distance_m: float = 30.0
#: Radius (metres) of the sector used to score the two directions along a road when a camera's
#: own far edge is unknown or empty at every requested level.
heading_road_radius_m: float = 30.0
#: A building closer than this (metres) to a camera is taken as the one it is mounted on and does
#: not occlude it (survey coordinates of wall-mounted cameras often fall inside the wall).
occlusion_mount_tolerance_m: float = 1.0
#: Height above the ground (metres) of the target a DEM/DSM viewshed tests for visibility.
#: 0 tests the ground itself, matching the ground footprints.
viewshed_target_height_m: float = 0.0

# --- Coverage of roads, points and routes (cctvgeo.coverage.network, targets, matrix).
#: Camera statuses that count in road, point and route coverage by default: cameras that work.
coverage_statuses: tuple[str, ...] = ("working",)
#: Statuses added by ``as_if_repaired=True``: the picture once the repair plan is done.
#: "unknown" is left out on purpose: a camera nobody has checked is not a repair item.
repairable_statuses: tuple[str, ...] = ("broken", "not_working", "under_repair")
#: How cameras of status "unknown" (nobody recorded whether they work) count when the statuses
#: asked for include "working" but not "unknown". "auto": as working when *no* camera has a
#: recorded status (open data such as OSM or a city's list has no status column); when some do,
#: they are left out, what only they see is reported as "unverified", and a CoverageWarning says
#: how many. "count": always as working. "exclude": never (still reported as unverified).
coverage_unknown_status: str = "auto"
#: Covered or uncovered stretches shorter than this (metres) are floating-point rounding,
#: not coverage; covered stretches closer than this are merged.
coverage_tolerance_m: float = 1e-6
#: Two road lines whose vertices all lie within this distance (metres) of the other line, and
#: whose lengths agree within twice it, are one street drawn twice (a directed network stores a
#: two-way street once per direction, reversed): ``road_segments`` keeps the first.
duplicate_line_tolerance_m: float = 0.01
#: Line ends closer than this (metres; points are snapped to a grid of this size) are one
#: node when coverage gaps are merged across segments and lines.
gap_node_tolerance_m: float = 0.01
#: A coverage gap "passes" a risk point when it comes within this many metres of it
#: (about the half-width of a two-lane street plus a pavement).
gap_risk_point_distance_m: float = 30.0
#: On an escape route, covered stretches separated by an uncovered gap no longer than this
#: (metres) are one sighting. 0 means any blind stretch separates two sightings.
route_sighting_gap_m: float = 0.0

# --- Risk points, footage requests, escape routes and demand (cctvgeo.riskpoints).
# See docs/riskpoints.md for how each value is used; the formulas there name these settings.
#: Weight of a risk point by its priority (ลำดับความสำคัญเร่งด่วน). A point's ``weight`` is
#: ``risk_priority_weight[priority] * risk_category_weight[category]``; the product table is
#: ``cg.riskpoints.risk_weight_table()``, and ``read_risk_points(weight_overrides=...)`` overrides cells.
risk_priority_weight: dict[str, float] = {"urgent": 3.0, "high": 2.0, "normal": 1.0}
#: Weight of a risk point by its category: escape routes, crime hotspots and border checkpoints
#: are where footage solves cases (Ang Thong police, 2016); government buildings have guards.
risk_category_weight: dict[str, float] = {
    "escape_route": 1.5,
    "crime_hotspot": 1.5,
    "border_checkpoint": 1.5,
    "bank_gold_shop": 1.3,
    "accident_blackspot": 1.2,
    "transport_hub": 1.2,
    "market": 1.1,
    "tourist_site": 1.0,
    "school": 1.0,
    "other": 1.0,
    "government": 0.8,
}
#: Priority assumed for the weight of a risk point whose priority is missing or was refused.
risk_default_priority: str = "normal"
#: Category assumed for the weight of a risk point whose category is missing or was refused.
risk_default_category: str = "other"
#: DORI level of the footprints that decide whether a request location is covered
#: ("unmet demand" is a request no working camera sees at this level). "detect" (a person or
#: vehicle is visible, EN 62676-4) is what tracing a route needs; at "recognise" most requests
#: the sample log marks "footage found" would count as unmet, contradicting the log.
request_coverage_level: str = "detect"
#: Weight of one footage request in a hotspot; a request no working camera covers (unmet
#: demand) weighs ``hotspot_unmet_weight`` instead.
hotspot_request_weight: float = 1.0
hotspot_unmet_weight: float = 2.0
#: HDBSCAN ``min_cluster_size`` (and DBSCAN ``min_samples``): fewer requests are not a hotspot.
hotspot_min_cluster_size: int = 10
#: HDBSCAN ``cluster_selection_method``. "leaf" keeps the finest stable clusters: street-scale
#: hotspots. "eom" (sklearn's default) favours big clusters and on dense city data returns one
#: city-wide blob (Baltimore's 2018 shootings: 626 of 678 in one cluster, against 17 with "leaf").
hotspot_cluster_selection: str = "leaf"
#: DBSCAN neighbourhood radius in metres (two or three city blocks).
hotspot_eps_m: float = 250.0
#: A hotspot's polygon is the convex hull of its requests buffered by this many metres.
hotspot_buffer_m: float = 50.0
#: Kernel bandwidth (metres) of ``density_raster``; None picks Silverman's rule of thumb.
density_bandwidth_m: float | None = None
#: Free-flow speeds (km/h) by OSM ``highway`` class, used where an edge has no ``maxspeed``.
#: Thai urban limits are 50-80 km/h (Land Traffic Act); minor roads are slower in practice.
road_speed_kmh: dict[str, float] = {
    "motorway": 100.0,
    "trunk": 80.0,
    "primary": 60.0,
    "secondary": 50.0,
    "tertiary": 40.0,
    "unclassified": 30.0,
    "residential": 30.0,
    "living_street": 10.0,
    "service": 20.0,
}
#: Speed (km/h) of an edge with neither ``maxspeed`` nor a known ``highway`` class.
default_speed_kmh: float = 30.0
#: Default exits of ``escape_routes``: dead-end nodes within this many metres of the road
#: network's outer boundary (its convex hull), where roads were cut at the study area's edge.
exit_boundary_distance_m: float = 500.0
#: Road classes whose dead ends count as default exits (None: any road). Residential dead
#: ends near the boundary are usually lanes, not ways out of the province.
exit_road_classes: tuple[str, ...] | None = (
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "tertiary", "tertiary_link",
)  # fmt: skip
#: Iterative penalty method for diverse routes: each edge of an accepted route has its cost
#: multiplied by ``1 + route_penalty`` for the next search.
route_penalty: float = 1.0
#: A new route is accepted only if at most this share of its length runs along earlier routes
#: of the same origin; otherwise penalties grow and the search repeats.
route_max_overlap: float = 0.6
#: Searches per route before the penalty method gives up on finding one more diverse route.
route_max_tries: int = 8
#: A drawn route is snapped to roads within this many metres of the line drawn.
route_snap_tolerance_m: float = 40.0
#: Spacing (metres) of the via points along a drawn route that keep the snapped path in order.
route_snap_via_m: float = 150.0
#: Road-class factor of a segment's demand weight (weight = length x factor x boosts).
demand_road_class_factor: dict[str, float] = {
    "motorway": 1.5,
    "trunk": 2.0,
    "primary": 1.75,
    "secondary": 1.5,
    "tertiary": 1.25,
    "unclassified": 1.0,
    "residential": 1.0,
    "living_street": 0.75,
    "service": 0.5,
}
#: Road-class factor of a segment whose class is missing or not in the table.
demand_default_class_factor: float = 1.0
#: Segments within this distance (metres) of a risk point are boosted (linear decay to 0).
demand_risk_point_radius_m: float = 200.0
#: Boost per unit of nearby risk-point weight: factor ``1 + boost * sum(w_p * (1 - d/R))``.
demand_risk_point_boost: float = 0.5
#: Segments within this distance (metres) of a hotspot polygon are boosted (0 inside it).
demand_hotspot_radius_m: float = 100.0
#: Boost per unit of nearby hotspot weight, hotspot weights divided by their mean.
demand_hotspot_boost: float = 1.0
#: A risk point's demand weight is its ``weight`` times this (metres of ordinary road it is worth).
demand_point_weight: float = 100.0
#: An escape route's demand weight is its ``weight`` (1 when absent) times this.
demand_route_weight: float = 500.0
#: Risk points of these priorities need two cameras (backup coverage, ``k_required=2``).
demand_backup_priorities: tuple[str, ...] = ("urgent",)
#: ``risk_surface``: incidents farther than this (metres) from every unit are not counted.
risk_snap_distance_m: float = 30.0
#: ``risk_surface``: spatial cross-validation blocks are squares of this side (metres).
risk_cv_block_m: float = 1000.0
#: ``risk_surface``: number of spatial cross-validation folds.
risk_cv_folds: int = 5
#: ``risk_surface``: how many model-proposed risk points to suggest, at most.
risk_proposal_count: int = 10
#: ``risk_surface``: proposals keep this distance (metres) from nominated risk points and each other.
risk_proposal_min_distance_m: float = 300.0

# --- Maps and dashboard (cctvgeo.maps, cctvgeo.report).
#: Geometries on maps are simplified by this many metres (Douglas-Peucker, topology kept):
#: invisible at street zoom, and it keeps the sample province's map well under 10 MB.
map_simplify_m: float = 1.0
#: Decimals kept in map coordinates (EPSG:4326 degrees); 5 decimals is about 1.1 m.
map_coordinate_decimals: int = 5
#: A road segment whose covered share is at least this is drawn as covered; a smaller
#: positive share is "partly covered" and zero is a gap.
map_covered_share: float = 0.99

# --- Planning (cctvgeo.planning). See docs/planning.md.
#: Weight of a second camera on a demand element that needs two (``k_required = 2``, backup
#: coverage), as a fraction of the element's weight. Between 0 and 1, so the objective stays
#: submodular and the greedy guarantee holds.
planning_backup_weight: float = 0.5
#: ``solve(method="auto")`` also runs the exact MILP when there are at most this many free
#: candidates ...
planning_exact_max_candidates: int = 3000
#: ... and at most this many non-zero entries in the coverage matrix.
planning_exact_max_nonzeros: int = 300_000
#: Time limit (seconds) of the exact MILP (HiGHS); at the limit the best plan found is kept
#: and its optimality gap reported.
planning_time_limit_s: float = 60.0
#: Relative optimality gap at which HiGHS stops (0 proves optimality exactly).
planning_mip_rel_gap: float = 1e-7
#: Largest number of seed sets the partial enumeration (``solve(seeds=3)``) may try.
planning_max_seeds: int = 200_000
#: Most swap moves (one chosen candidate out, another in, or one more in) made to improve
#: the greedy solution; 0 turns the swap search off. Each move strictly improves the plan.
planning_swap_max_moves: int = 1000
#: The swap search runs only when (chosen candidates) x (candidates) is at most this: each
#: move prices every pair.
planning_swap_max_pairs: int = 5_000_000
#: Most steps of the Lagrangian phase after the greedy (the volume algorithm, Barahona &
#: Anbil 2000), which certifies how close the plan is to the best possible and tries the
#: plans the multipliers suggest; it stops sooner when the gap closes or stalls. 0 turns it
#: off.
planning_lagrangian_iterations: int = 500
#: ... and at most this many (steps) x (candidate, level element) entries, so large
#: instances take fewer steps.
planning_lagrangian_max_entries: int = 500_000_000
#: DORI level wherever a function's ``level`` is not given: footprints (``fields_of_view``,
#: ``dori_reach``), candidates, plans and the linkage selection (one rule:
#: :func:`cctvgeo.coverage.dori.chosen_level`).
planning_level: str = "recognise"
#: Candidate sites closer than this (metres) are merged into one (the one from the more
#: specific source: user site, then risk point, then junction, then spacing point).
planning_site_merge_m: float = 10.0
#: A risk point gets candidate sites on the nearest road within this distance (metres) ...
planning_risk_site_radius_m: float = 150.0
#: ... at the road point nearest to it and this far (metres) either side along the road, so
#: a camera can look at the point from up or down the street.
planning_risk_site_offset_m: float = 25.0
#: Generated sites (junctions, spacing, risk points) are assumed to have no pole to mount on;
#: user sites have one unless their ``has_pole`` column says otherwise.
planning_generated_sites_have_pole: bool = False
#: At most this many cameras at one site (the groups are one per site and heading, cap 1,
#: and one per site, this cap).
planning_max_per_site: int = 2
#: Owners of working cameras that may be asked to re-aim (the police "jigsaw" practice:
#: private owners cannot be forced, but can be asked to point a camera a given way).
planning_reaim_owners: tuple[str, ...] = ("private",)
#: A road counts as passing a site or a camera (for headings "along the road" and for the site's
#: name) when it comes this close, in metres. Cameras stand beside the road on poles and walls,
#: a few metres from the centreline (the sample's median is 4 m).
planning_road_snap_m: float = 10.0
#: Approval of an installation or repair project by its total cost (baht): each entry is
#: (lowest total, level in English, level in Thai), in increasing order. The 2021 letters say
#: the budget size decides between the provincial working group and the national
#: sub-committee but do not give the figure: 10 million baht is a PLACEHOLDER to be replaced
#: with the threshold in the national CCTV manual the province follows.
approval_levels: tuple[tuple[float, str, str], ...] = (
    (0.0, "provincial working group", "คณะทำงานระดับจังหวัด"),
    (10_000_000.0, "national sub-committee", "คณะอนุกรรมการระดับชาติ"),
)
#: Share of a province's cameras to link to the central system (the 2021 national rule).
linkage_share: float = 0.2
