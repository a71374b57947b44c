"""Resolves a wiring against its platform and component declarations, checks
it, and produces the flattened Target the emitters print."""
import os

from .components import parse_comp
from .diag import Diagnostics, WireError, did_you_mean, display_path
from .interfaces import parse_header
from .wiring import parse_wiring

MAX_CLIENTS = 255  # wire_id_t is 8 bits
TASKS_SERVICE = "tasks"


class Instance:
    def __init__(self, name, comp, args, stmt, origin):
        self.name, self.comp, self.args, self.stmt, self.origin = name, comp, args, stmt, origin
        self.values = {}  # parameter -> (value, loc of the value or None for the default)
        self.named_by_app = origin == "app"  # built whether or not a wire reaches it

    @property
    def generic(self):
        return self.comp.generic

    @property
    def loc(self):
        """Where the instance is declared: its name in the wiring, or, for
        one the generator added as a default, that default's name in the .comp."""
        return self.stmt.loc if self.origin == "default" else self.stmt.name_loc


class Wire:
    """user.uses_ep -> provider.provides_ep, resolved, with provenance."""

    def __init__(self, user, user_ep, prov, prov_ep, stmt):
        self.user, self.user_ep, self.prov, self.prov_ep, self.stmt = user, user_ep, prov, prov_ep, stmt
        self.via = None  # the bind statement of a Platform service
        self.replaced = None  # the statement a replace overrode
        self.default = False
        self.task = None  # task name when this wire is a component's task
        self.client_id = None

    def describe(self):
        return "%s.%s -> %s.%s" % (self.user, self.user_ep, self.prov, self.prov_ep)


class Target:
    """Everything the emitters need for one (application, platform)."""

    def __init__(self, app, platform_file, platform):
        self.app, self.platform_file, self.platform = app, platform_file, platform
        self.instances = []  # init order (providers first)
        self.wires = []
        self.tasks = []  # wires of tasks, by client id
        self.interfaces = {}
        self.inputs = set()


class Project:
    """The components and interfaces found on the search path."""

    def __init__(self, root, search, diags):
        self.root, self.search, self.diags = root, search, diags
        self.components, self.interfaces, self.inputs = {}, {}, set()
        self._platform_dirs = {}
        for top in search:
            self._scan(top)

    def display(self, path):
        return display_path(path, self.root, self.search)

    def _scan(self, top):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
            for fname in sorted(filenames):
                path = os.path.join(dirpath, fname)
                if fname.endswith(".comp"):
                    self._load_comp(path)
                elif fname.endswith(".h") and os.path.basename(dirpath) == "interfaces":
                    self._load_header(path)
                elif fname == "platform.wire":
                    self._platform_dirs.setdefault(os.path.basename(dirpath), path)

    def _read(self, path):
        self.inputs.add(os.path.abspath(path))
        with open(path, encoding="utf-8-sig", errors="replace") as f:  # an editor's BOM is no character
            return f.read()

    def _load_comp(self, path):
        try:
            comp = parse_comp(self.display(path), self._read(path))
        except WireError as e:
            self.diags.error(e.loc, e.message)
            return
        comp.dir = os.path.dirname(path)
        first = self.components.get(comp.name)
        if first:
            self.diags.error(comp.loc, "component '%s' is declared twice" % comp.name, [(first.loc, "first declared here")])
            return
        self.components[comp.name] = comp

    def _load_header(self, path):
        try:
            found = parse_header(self.display(path), self._read(path))
        except WireError as e:
            self.diags.error(e.loc, e.message)
            return
        for iface in found:
            iface.include = self.display(path)
            iface.abs_path = os.path.abspath(path)
            first = self.interfaces.get(iface.name)
            if first:
                self.diags.error(iface.loc, "interface '%s' is declared twice" % iface.name, [(first.loc, "first declared here")])
                continue
            self.interfaces[iface.name] = iface

    def platform_path(self, name):
        return self._platform_dirs.get(name)

    def platforms(self):
        return sorted(self._platform_dirs)

    def read_wiring(self, path):
        return parse_wiring(path, self._read(path), self._read, self.display)


def resolve(project, platform, wire_path):
    """Build and check the Target for wire_path on platform; errors go to
    project.diags and the result is None when any was found."""
    diags = project.diags
    ppath = project.platform_path(platform)
    if not ppath:
        diags.error(project.display(wire_path) + ":1:1", "unknown platform '%s'%s; known: %s" % (
            platform, did_you_mean(platform, project.platforms()), ", ".join(project.platforms()) or "none"))
        return None
    try:
        pfile = project.read_wiring(ppath)
        app = project.read_wiring(wire_path)
    except WireError as e:
        diags.error(e.loc, e.message, e.notes)
        return None
    except OSError as e:
        diags.error(project.display(wire_path) + ":1:1", "cannot read: %s" % (e.strerror or e))
        return None
    if pfile.kind != "platform" or pfile.name != platform:
        diags.error(pfile.loc, "%s must say 'platform %s'" % (pfile.path, platform))
        return None
    if app.kind == "platform":
        diags.error(app.loc, "this is a platform wiring; give an 'app' or 'test' wiring (the platform comes from --platform)")
        return None
    if diags:
        return None
    return Resolver(project, platform, pfile, app).run()


class Resolver:
    def __init__(self, project, platform, pfile, app):
        self.project, self.diags = project, project.diags
        self.t = Target(app, pfile, platform)
        self.instances = {}
        self.broken = set()  # instances whose declaration had an error: no follow-on errors
        self.services = {}  # name -> bind Stmt
        self.wires = []

    # -- entry ---------------------------------------------------------------
    def run(self):
        self._instances()
        self._services()
        self._wires()
        if self.diags:
            return None
        included = self._include()
        self._endpoint_interfaces(included)
        self._check_instances(included)
        self._check_multiplicity(included)
        self._check_async(included)
        self._assign_ids(included)
        if self.diags:
            return None
        self.t.instances = self._init_order(included)
        if self.diags:
            return None
        self.t.inputs = set(self.project.inputs)
        return self.t

    # -- instances -----------------------------------------------------------
    def _instances(self):
        for origin, wfile in (("platform", self.t.platform_file), ("app", self.t.app)):
            for st in wfile.stmts:
                if st.kind in ("use", "new"):
                    self._add_instance(st, origin)

    def _add_instance(self, st, origin):
        comp = self.project.components.get(st.comp)
        if not comp or (st.kind == "use") == comp.generic:
            self.broken.add(st.name)
        if not comp:
            self.diags.error(st.comp_loc, "unknown component '%s'%s" % (st.comp, did_you_mean(st.comp, self.project.components)))
            return
        if st.kind == "use" and comp.generic:
            self.diags.error(st.comp_loc, "'%s' is generic: create instances with 'new %s as NAME'" % (comp.name, comp.name), [(comp.loc, "declared generic here")])
            return
        if st.kind == "new" and not comp.generic:
            self.diags.error(st.comp_loc, "'%s' is not generic: it has one instance, named by 'use %s'" % (comp.name, comp.name), [(comp.loc, "declared here")])
            return
        if st.name == "Platform":
            self.diags.error(st.name_loc, "'Platform' is reserved for the platform's services")
            return
        named = self.project.components.get(st.name)
        if st.kind == "new" and named:
            # a singleton's instance has its component's name (and a default
            # is found by it): another instance by that name would take its place
            self.diags.error(st.name_loc, "instance name '%s' is the name of a component; give this %s instance another name" % (
                st.name, comp.name), [(named.loc, "component '%s' declared here" % named.name)])
        first = self.instances.get(st.name)
        if first:
            if st.kind == "use" and first.stmt.kind == "use" and not (st.args and first.args):
                if st.args:
                    first.args, first.stmt = st.args, st
                if origin == "app":  # the application names it: it is built, reached or not
                    first.named_by_app = True
                return
            self.diags.error(st.name_loc, "instance '%s' is declared twice" % st.name, [(first.stmt.name_loc, "first declared here")])
            return
        self.instances[st.name] = Instance(st.name, comp, st.args, st, origin)

    # -- services and wires --------------------------------------------------
    def _services(self):
        for st in self.t.platform_file.stmts:
            if st.kind == "bind":
                first = self.services.get(st.src.ep)
                if first:
                    self.diags.error(st.src.ep_loc, "service 'Platform.%s' is bound twice" % st.src.ep, [(first.loc, "first bound here")])
                else:
                    self.services[st.src.ep] = st
            elif st.kind == "replace":
                self.diags.error(st.loc, "'replace' belongs in a test or application wiring, not in the platform wiring")
        for st in self.t.app.stmts:
            if st.kind == "bind":
                self.diags.error(st.loc, "'bind' belongs in the platform wiring; a test overrides a service with 'replace Platform.%s -> ...'" % st.src.ep)

    def _wires(self):
        by_src = {}
        for wfile in (self.t.platform_file, self.t.app):
            for st in wfile.stmts:
                if st.kind == "wire":
                    key = (st.src.inst, st.src.ep)
                    by_src.setdefault(key, []).append(st)
                    self.wires.append([st, st.dst, None])
                elif st.kind == "replace":
                    self._replace(st, by_src)
        for entry in self.wires:
            st, dst, replaced = entry
            wire = self._resolve_wire(st, dst)
            if wire:
                wire.replaced = replaced
                self.t.wires.append(wire)

    def _replace(self, st, by_src):
        src = st.src
        if src.inst == "Platform":
            bound = self.services.get(src.ep)
            if not bound:
                self.diags.error(src.ep_loc, "replace of 'Platform.%s', which the platform never binds%s" % (
                    src.ep, did_you_mean(src.ep, self.services)), [(self.t.platform_file.loc, "platform '%s' is wired here" % self.t.platform)])
                return
            st.replaces = bound
            self.services[src.ep] = st
            return
        olds = by_src.get((src.inst, src.ep))
        if not olds:
            self.diags.error(src.inst_loc, "replace of '%s', which nothing wires: write a plain wire instead" % src)
            return
        for entry in self.wires:
            if entry[0] is olds[-1]:
                entry[1], entry[2] = st.dst, (entry[2] or olds[-1])
                entry[0] = st
                st.replaces = olds[-1]
        by_src[(src.inst, src.ep)] = [st]

    def _resolve_wire(self, st, dst):
        src = st.src
        if src.inst == "Platform":
            self.diags.error(src.inst_loc, "a wire starts at a used endpoint; Platform services are bound with 'bind' in the platform wiring")
            return None
        via = None
        if dst.inst == "Platform":
            via = self.services.get(dst.ep)
            if not via:
                self.diags.error(dst.ep_loc, "platform '%s' does not bind service 'Platform.%s'%s" % (
                    self.t.platform, dst.ep, did_you_mean(dst.ep, self.services)),
                    [(self.t.platform_file.loc, "platform '%s' is wired here" % self.t.platform)])
                return None
            dst = via.dst
        user = self._endpoint(src, st)
        prov = self._endpoint(dst, via or st)
        if not user or not prov:
            return None
        (ui, uep), (pi, pep) = user, prov
        if uep.role != "uses":
            self.diags.error(src.ep_loc, "a wire goes from a used endpoint to a provided one, but %s.%s is provided" % (src.inst, src.ep),
                             [(uep.loc, "declared here")])
            return None
        if pep.role != "provides":
            self.diags.error(dst.ep_loc, "%s.%s is a used endpoint; a wire must end at a provided one" % (dst.inst, dst.ep),
                             [(pep.loc, "declared here")])
            return None
        if uep.iface != pep.iface:
            self.diags.error(src.inst_loc, "interface mismatch: %s.%s uses %s but %s.%s provides %s" % (
                src.inst, src.ep, uep.iface, dst.inst, dst.ep, pep.iface),
                [(uep.iface_loc, "%s.%s declared as %s here" % (ui.comp.name, uep.name, uep.iface)),
                 (pep.iface_loc, "%s.%s declared as %s here" % (pi.comp.name, pep.name, pep.iface))])
            return None
        wire = Wire(ui.name, uep.name, pi.name, pep.name, st)
        wire.via = via
        return wire

    def _endpoint(self, ref, st):
        inst = self.instances.get(ref.inst)
        if not inst and ref.inst in self.broken:
            return None
        if not inst:
            comp = self.project.components.get(ref.inst)
            if comp and not comp.generic:
                hint = ": declare it with 'use %s'" % ref.inst
            else:
                hint = did_you_mean(ref.inst, self.instances)
            self.diags.error(ref.inst_loc, "unknown instance '%s'%s" % (ref.inst, hint))
            return None
        ep = inst.comp.endpoints.get(ref.ep)
        if not ep:
            self.diags.error(ref.ep_loc, "component '%s' has no endpoint '%s'%s" % (
                inst.comp.name, ref.ep, did_you_mean(ref.ep, inst.comp.endpoints)), [(inst.comp.loc, "declared here")])
            return None
        if not self._interface(ep, inst.comp):
            return None
        return inst, ep

    def _interface(self, ep, comp):
        iface = self.project.interfaces.get(ep.iface)
        if not iface:
            self.diags.error(ep.iface_loc, "unknown interface '%s'%s" % (ep.iface, did_you_mean(ep.iface, self.project.interfaces)))
            return None
        self.t.interfaces[iface.name] = iface
        return iface

    # -- what gets built -----------------------------------------------------
    def _include(self):
        """App instances, plus whatever they reach through wires, defaults and tasks."""
        included = {n: i for n, i in self.instances.items() if i.named_by_app}
        work = sorted(included)
        while work:
            name = work.pop(0)
            inst = included[name]
            for w in self.t.wires:
                if w.user == name and w.prov not in included:
                    included[w.prov] = self.instances[w.prov]
                    work.append(w.prov)
            for new in self._defaults(inst) + self._tasks(inst):
                if new not in included:
                    included[new] = self.instances[new]
                    work.append(new)
        self.t.wires = [w for w in self.t.wires if w.user in included]
        return included

    def _defaults(self, inst):
        added = []
        for ep in inst.comp.endpoints.values():
            if ep.role != "uses" or any(w.user == inst.name and w.user_ep == ep.name for w in self.t.wires):
                continue
            if not self._interface(ep, inst.comp):
                continue
            if not ep.default:
                self.diags.error(inst.loc, "%s.%s (%s) is not wired and declares no default" % (inst.name, ep.name, ep.iface),
                                 [(ep.loc, "used here")])
                continue
            dcomp = self.project.components.get(ep.default)
            if not dcomp or dcomp.generic:
                self.diags.error(ep.default_loc, "default '%s' of %s.%s is not a singleton component%s" % (
                    ep.default, inst.comp.name, ep.name, did_you_mean(ep.default, self.project.components)))
                continue
            dinst = self.instances.get(dcomp.name)
            if not dinst:
                dinst = Instance(dcomp.name, dcomp, [], _DefaultStmt(ep), "default")
                self.instances[dcomp.name] = dinst
            dep = [e for e in dcomp.endpoints.values() if e.role == "provides" and e.iface == ep.iface]
            if not dep:
                self.diags.error(ep.default_loc, "default '%s' provides no %s" % (dcomp.name, ep.iface), [(dcomp.loc, "declared here")])
                continue
            wire = Wire(inst.name, ep.name, dinst.name, dep[0].name, _DefaultStmt(ep))
            wire.default = True
            self.t.wires.append(wire)
            added.append(dinst.name)
        return added

    def _tasks(self, inst):
        if not inst.comp.tasks:
            return []
        bound = self.services.get(TASKS_SERVICE)
        if not bound:
            self.diags.error(inst.comp.tasks[0][1], "component '%s' has tasks but platform '%s' binds no 'Platform.%s' service" % (
                inst.comp.name, self.t.platform, TASKS_SERVICE))
            return []
        prov = self._endpoint(bound.dst, bound)
        if not prov:
            return []
        pi, pep = prov
        if pep.iface != "TaskQueue" or not pep.parameterised:
            self.diags.error(bound.dst.ep_loc, "Platform.%s must be bound to a parameterised TaskQueue" % TASKS_SERVICE)
            return []
        problem = task_queue_problem(self.project.interfaces["TaskQueue"])
        if problem:
            self.diags.error(problem[0], problem[1], [(bound.loc, "Platform.%s bound here" % TASKS_SERVICE)])
            return []
        for name, loc in inst.comp.tasks:
            wire = Wire(inst.name, "task__" + name, pi.name, pep.name, _TaskStmt(loc))
            wire.task, wire.via = name, bound
            self.t.wires.append(wire)
        return [pi.name]

    def _endpoint_interfaces(self, included):
        """The glue declares and checks every member of every endpoint of a
        component it builds, wired or not: each interface must exist, and its
        header is included."""
        for name in sorted(included):
            for ep in included[name].comp.endpoints.values():
                self._interface(ep, included[name].comp)

    # -- checks --------------------------------------------------------------
    def _check_instances(self, included):
        entries = sorted((i for i in included.values() if i.comp.entry), key=lambda i: i.name)
        if len(entries) > 1:
            self.diags.error(entries[1].comp.entry, "two entry points in one image: %s and %s both define main()" % (
                entries[0].comp.name, entries[1].comp.name), [(entries[0].comp.entry, "the other entry point")])
        for inst in included.values():
            comp = inst.comp
            if not comp.supports(self.t.platform):
                self.diags.error(inst.loc,
                                 "component '%s' does not support platform '%s'" % (comp.name, self.t.platform),
                                 [(comp.platforms_loc, "it supports: %s" % " ".join(comp.platforms))])
            missing_sources(comp, self.diags)
            self._check_params(inst)

    def _check_params(self, inst):
        comp = inst.comp
        given = {}
        for name, value, nloc, vloc in inst.args:
            if name in given:
                self.diags.error(nloc, "parameter '%s' given twice" % name)
                continue
            param = comp.params.get(name)
            if not param:
                self.diags.error(nloc, "component '%s' has no parameter '%s'%s" % (comp.name, name, did_you_mean(name, comp.params)),
                                 [(comp.loc, "declared here")])
                continue
            given[name] = True
            number = self._param_value(param, value, vloc)
            if number is not None:
                inst.values[name] = (number, vloc)
        for param in comp.params.values():
            if param.name in given:
                continue
            if param.default is None:
                self.diags.error(inst.loc,
                                 "instance '%s' needs a value for parameter '%s' (%s)" % (inst.name, param.name, param.type),
                                 [(param.loc, "declared here without a default")])
            else:
                inst.values[param.name] = (param.default, None)

    def _param_value(self, param, value, loc):
        if param.type == "bool":
            if value not in ("true", "false"):
                self.diags.error(loc, "parameter '%s' is bool: expected true or false, found %s" % (param.name, value))
                return None
            return 1 if value == "true" else 0
        if not isinstance(value, int):
            self.diags.error(loc, "parameter '%s' is %s: expected an integer, found %s" % (param.name, param.type, value))
            return None
        if not param.lo <= value <= param.hi:
            self.diags.error(loc, "parameter '%s' = %d is out of range %d..%d" % (param.name, value, param.lo, param.hi),
                             [(param.loc, "declared here")])
            return None
        return value

    def _check_multiplicity(self, included):
        by_user, by_prov = {}, {}
        for w in self.t.wires:
            by_user.setdefault((w.user, w.user_ep), []).append(w)
            by_prov.setdefault((w.prov, w.prov_ep), []).append(w)
        for (user, ep), wires in sorted(by_user.items()):
            if len(wires) > 1:
                hint = ""
                if wires[1].stmt.kind == "wire" and wires[0].stmt.loc.path != wires[1].stmt.loc.path:
                    hint = "; to override the other file's wire, write 'replace %s.%s -> %s'" % (user, ep, wires[1].stmt.dst)
                self.diags.error(wires[1].stmt.loc, "%s.%s is wired twice%s" % (user, ep, hint),
                                 [(wires[0].stmt.loc, "first wired here to %s.%s" % (wires[0].prov, wires[0].prov_ep))])
        for (prov, ep), wires in sorted(by_prov.items()):
            pep = included[prov].comp.endpoints[ep]
            iface = self.project.interfaces[pep.iface]
            if len(wires) > 1 and not (pep.parameterised or iface.fanout or not iface.has_events):
                self.diags.error(wires[1].stmt.loc, "fan-out not declared: %s.%s (%s) would signal its events to %d users; "
                                 "make the endpoint parameterised or the interface @fanout" % (prov, ep, pep.iface, len(wires)),
                                 [(w.stmt.loc, "wired to %s.%s here" % (w.user, w.user_ep)) for w in wires[:1]])

    def _check_async(self, included):
        for w in self.t.wires:
            if w.task:
                continue
            uep = included[w.user].comp.endpoints[w.user_ep]
            pep = included[w.prov].comp.endpoints[w.prov_ep]
            iface = self.project.interfaces[pep.iface]
            for m in iface.members:
                if not m.is_async:
                    continue
                side, ep, comp = (uep, included[w.user].comp.name, "handles") if m.kind == "event" else (pep, included[w.prov].comp.name, "implements")
                if not side.is_async:
                    self.diags.error(side.loc, "%s.%s %s the @async %s %s.%s but is not declared async" % (
                        ep, side.name, comp, m.kind, iface.name, m.name), [(m.loc, "@async here"), (w.stmt.loc, "wired here")])
        task_wire = next((w for w in self.t.wires if w.task), None)
        if task_wire:
            pep = included[task_wire.prov].comp.endpoints[task_wire.prov_ep]
            if not pep.is_async:
                self.diags.error(pep.loc, "%s.%s must be declared async: tasks may be posted from interrupts" % (
                    task_wire.prov, task_wire.prov_ep))

    def _assign_ids(self, included):
        counts = {}
        ordered = [w for w in self.t.wires if not w.task] + sorted((w for w in self.t.wires if w.task), key=lambda w: (w.user, _task_index(included[w.user], w.task)))
        for w in ordered:
            pep = included[w.prov].comp.endpoints[w.prov_ep]
            if not pep.parameterised:
                continue
            key = (w.prov, w.prov_ep)
            w.client_id = counts.get(key, 0)
            counts[key] = w.client_id + 1
            if w.client_id == MAX_CLIENTS:
                self.diags.error(w.stmt.loc, "%s.%s has more than %d clients (wire_id_t is 8 bits)" % (w.prov, w.prov_ep, MAX_CLIENTS))
        self.t.wires = ordered
        self.t.tasks = [w for w in ordered if w.task]
        self.t.client_counts = counts

    def _init_order(self, included):
        deps = {n: set() for n in included}
        for w in self.t.wires:
            if w.prov != w.user:
                deps[w.user].add(w.prov)
        order, state = [], {}

        def visit(name, path):
            if state.get(name) == "done":
                return True
            if state.get(name) == "active":
                cycle = path[path.index(name):] + [name]
                w = next(w for w in self.t.wires if w.user == cycle[0] and w.prov == cycle[1])
                self.diags.error(w.stmt.loc, "cycle in init order: %s" % " -> ".join(cycle))
                return False
            state[name] = "active"
            for dep in sorted(deps[name]):
                if not visit(dep, path + [name]):
                    return False
            state[name] = "done"
            order.append(included[name])
            return True

        for name in sorted(included):
            if not visit(name, []):
                return []
        return order


def missing_sources(comp, diags):
    """A listed source that is not there fails the build at its #include:
    say so at the name in the .comp instead."""
    for src, loc in comp.sources:
        if not os.path.isfile(os.path.join(comp.dir, src)):
            diags.error(loc, "source '%s' of component '%s' does not exist" % (src, comp.name))


def task_queue_problem(iface):
    """(loc, message) when the TaskQueue interface cannot carry tasks: the glue
    posts with `err_t post(void)` and runs them on `void run(void)`."""
    if iface is None:
        return None
    post, run = iface.member("post"), iface.member("run")
    if not (post and post.kind == "command" and post.ret == "err_t" and not post.params):
        return (post or iface).loc, "TaskQueue must have the command 'err_t (*post)(void)': the glue posts tasks with it"
    if not (run and run.kind == "event" and run.ret == "void" and not run.params):
        return (run or iface).loc, "TaskQueue must have the event 'void (*run)(void)': the glue runs tasks on it"
    other = next((m for m in iface.members if m.kind == "event" and m is not run), None)
    if other:
        return other.loc, "TaskQueue's only event must be 'run': the glue runs tasks on it"
    return None


def _task_index(inst, task):
    return [t for t, _ in inst.comp.tasks].index(task)


class _DefaultStmt:
    """Provenance of a wire the generator added for a declared default."""

    def __init__(self, ep):
        self.loc, self.kind = ep.default_loc, "default"


class _TaskStmt:
    def __init__(self, loc):
        self.loc, self.kind = loc, "task"


class _Synthetic:
    """Stands in for a wiring file in a stubbed build."""

    def __init__(self, kind, name, path, loc=None):
        self.kind, self.name, self.path, self.loc, self.stmts = kind, name, path, loc, []


def isolate(project, platform):
    """A Target holding every component that supports `platform`, each with
    default parameters (the lowest allowed value where there is none), one
    client per parameterised endpoint, and no wires: every call out of a
    component goes to a stub. It proves that each component compiles there
    and that all of them can share one translation unit."""
    t = Target(_Synthetic("check", "components", "(every component)"),
               _Synthetic("platform", platform, "(no platform wiring)"), platform)
    t.client_counts = {}
    for name in sorted(project.components):
        comp = project.components[name]
        if not comp.supports(platform) or comp.entry:
            continue
        missing_sources(comp, project.diags)
        inst = Instance(name if not comp.generic else name + "_check", comp, [], None, "app")
        for p in comp.params.values():
            inst.values[p.name] = (p.default if p.default is not None else p.lo, None)
        for ep in comp.endpoints.values():
            if ep.parameterised:
                t.client_counts[(inst.name, ep.name)] = 1
            iface = project.interfaces.get(ep.iface)
            if not iface:
                project.diags.error(ep.iface_loc, "unknown interface '%s'%s" % (ep.iface, did_you_mean(ep.iface, project.interfaces)))
                continue
            t.interfaces[iface.name] = iface
        t.instances.append(inst)
    if "TaskQueue" in project.interfaces:
        t.interfaces["TaskQueue"] = project.interfaces["TaskQueue"]
    tasked = next((c for c in t.instances if c.comp.tasks), None)
    if tasked:
        problem = task_queue_problem(project.interfaces.get("TaskQueue"))
        if "TaskQueue" not in project.interfaces:
            problem = tasked.comp.tasks[0][1], "component '%s' has tasks but no TaskQueue interface is declared" % tasked.comp.name
        if problem:
            project.diags.error(*problem)
    t.inputs = set(project.inputs)
    return None if project.diags else t
