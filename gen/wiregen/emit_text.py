"""Emits the human-readable views of a Target: the Graphviz drawing and the
flattened listing that says where every binding came from."""
from .emit_c import header_comment


def _origin(stmt):
    """`file:line` of a statement, plus the include that brought it in."""
    loc = stmt.loc
    text = "%s:%d" % (loc.path, loc.line)
    inc = getattr(stmt, "included_by", None)
    if inc is not None:
        text += " (included at %s:%d)" % (inc.path, inc.line)
    return text


def provenance(wire):
    """Where a wire came from: its statement, the service binding it went
    through, and what a replace overrode."""
    st = wire.stmt
    if st.kind == "default":
        return "default declared at %s" % _origin(st)
    if st.kind == "task":
        parts = ["task declared at %s" % _origin(st)]
    else:
        parts = [_origin(st)]
        if wire.replaced is not None:
            parts.append("replaces %s" % _replaced_chain(st))
    if wire.via is not None:
        via = wire.via
        parts.append("via Platform.%s bound at %s" % (via.src.ep, _origin(via)))
        if getattr(via, "replaces", None) is not None:
            parts.append("replacing the binding at %s" % _replaced_chain(via))
    return ", ".join(parts)


def _replaced_chain(stmt):
    """What a replace overrode, back to the first wire or binding: a replace
    of a replace names both."""
    origins = []
    while getattr(stmt, "replaces", None) is not None:
        stmt = stmt.replaces
        origins.append(_origin(stmt))
    return ", which replaced ".join(origins)


def listing(target, glue):
    out = [header_comment(target, "Flattened wiring").replace("/*", "#").replace(" * ", "# ").replace(" */", "")]
    out.append("instances (in init order):")
    for n, inst in enumerate(target.instances, start=1):
        kind = "new %s as %s" % (inst.comp.name, inst.name) if inst.generic else inst.name
        if inst.stmt is None:
            origin = "declared at %s:%d" % (inst.comp.loc.path, inst.comp.loc.line)
        elif inst.origin == "default":
            origin = "added as a default"
        else:
            origin = _origin(inst.stmt)
        out.append("  %2d. %-28s %s%s" % (n, kind, origin, "  [init]" if inst.comp.has_init else ""))
        for pname in inst.comp.params:
            value, loc = inst.values[pname]
            src = "%s:%d" % (loc.path, loc.line) if loc else "default"
            out.append("        %s = %d  (%s)" % (pname, value, src))
    out += ["", "wires:"]
    for w in target.wires:
        if w.task:
            continue
        pep = glue.ep(w.prov, w.prov_ep)
        cid = "[%d]" % w.client_id if w.client_id is not None else ""
        out.append("  %s.%s -> %s.%s%s  (%s)" % (w.user, w.user_ep, w.prov, w.prov_ep, cid, pep.iface))
        out.append("      from %s" % provenance(w))
    if target.tasks:
        out += ["", "tasks:"]
        for w in target.tasks:
            out.append("  %3d  %s.%s  (%s)" % (w.client_id, w.user, w.task, provenance(w)))
    out.append("")
    return "\n".join(out)


def dot(target, glue):
    out = ["// " + line for line in header_comment(target, "Wiring graph").replace("/* ", "").replace(" * ", "").replace(" */", "").splitlines()]
    out += ["digraph wiring {", '    rankdir=LR;', '    fontname="Helvetica";', '    node [shape=box, style="rounded,filled", fontname="Helvetica"];',
            '    edge [fontname="Helvetica", fontsize=10];']
    groups = (("app", "application", "#dbeafe"), ("platform", "platform %s" % target.platform, "#dcfce7"), ("default", "defaults", "#f3f4f6"))
    for origin, label, color in groups:
        members = [i for i in target.instances if i.origin == origin]
        if not members:
            continue
        out.append('    subgraph "cluster_%s" {' % origin)
        out.append('        label="%s"; style=dashed;' % label)
        for inst in members:
            text = "%s\\n(%s)" % (inst.name, inst.comp.name) if inst.generic else inst.name
            out.append('        "%s" [label="%s", fillcolor="%s"];' % (inst.name, text, color))
        out.append("    }")
    for w in target.wires:
        if w.task:
            continue
        pep = glue.ep(w.prov, w.prov_ep)
        cid = "[%d]" % w.client_id if w.client_id is not None else ""
        style = ', style=dashed' if w.replaced is not None or (w.via is not None and getattr(w.via, "replaces", None)) else ""
        out.append('    "%s" -> "%s" [label="%s\\n%s -> %s%s"%s];' % (w.user, w.prov, pep.iface, w.user_ep, w.prov_ep, cid, style))
    out.append("}")
    out.append("")
    return "\n".join(out)
