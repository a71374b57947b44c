"""One case per error kind: (name, edits, wiring file, platform, expected
stderr). Edits are (file, old, new) replacements or (file, None, text)
writes in a scratch copy of the fixture project."""

OK = "wiring/ok.wire"

# 256 users of one parameterised endpoint: one more than an 8-bit id can count
MANY = [("components/many/many.comp", None, "component Many\n" + "".join("uses Counter as u%d\n" % i for i in range(256))
         + "sources many.c\nplatforms any\n"),
        ("components/many/many.c", None, "\n"),
        ("wiring/many.wire", None, "wiring 1\ntest many\nuse Many\nnew Counter as c1\n" + "".join("Many.u%d -> c1.counter\n" % i for i in range(256)))]

CASES = [
    ("parse_error", [(OK, "App.c -> c1.counter", "App.c -> ")], OK, "host",
     "wiring/ok.wire:9:9: error: expected an instance name, found end of line"),
    ("stray_character", [(OK, "App.c -> c1.counter", "App.c => c1.counter")], OK, "host",
     "wiring/ok.wire:9:8: error: unexpected character '>'"),
    ("format_version", [(OK, "wiring 1", "wiring 2")], OK, "host",
     "wiring/ok.wire:1:8: error: wiring format 2 is not supported; this generator reads format 1"),
    ("missing_version", [(OK, "wiring 1\n", "")], OK, "host",
     "wiring/ok.wire:2:1: error: expected 'wiring 1' as the first line, found 'app'"),
    ("unknown_component", [(OK, "new Counter as c2", "new Countr as c2")], OK, "host",
     "wiring/ok.wire:6:5: error: unknown component 'Countr' (did you mean 'Counter'?)"),
    ("unknown_interface", [("components/app/app.comp", "uses Leds as leds", "uses Ledz as leds")], OK, "host",
     "components/app/app.comp:6:6: error: unknown interface 'Ledz' (did you mean 'Leds'?)"),
    ("unknown_instance", [(OK, "App.b -> c2.counter", "App.b -> c3.counter")], OK, "host",
     "wiring/ok.wire:8:10: error: unknown instance 'c3'"),
    ("undeclared_singleton", [(OK, "App.boot -> Platform.boot", "App.boot -> Platform.boot\nApp.leds -> NoLeds.leds")], OK, "host",
     "wiring/ok.wire:11:13: error: unknown instance 'NoLeds': declare it with 'use NoLeds'"),
    ("unknown_endpoint", [(OK, "App.b -> c2.counter", "App.b -> c2.countr")], OK, "host",
     "wiring/ok.wire:8:13: error: component 'Counter' has no endpoint 'countr' (did you mean 'counter'?)\n"
     "components/counter/counter.comp:2:19: note: declared here"),
    ("unknown_parameter", [(OK, "(limit = 10)", "(limt = 10)")], OK, "host",
     "wiring/ok.wire:5:20: error: component 'Counter' has no parameter 'limt' (did you mean 'limit'?)\n"
     "components/counter/counter.comp:2:19: note: declared here"),
    ("unknown_interface_unwired", [("components/noleds/noleds.comp", "provides Leds as leds", "provides Leds as leds\nprovides Blah as blah")], OK, "host",
     "components/noleds/noleds.comp:3:10: error: unknown interface 'Blah'"),
    ("interface_mismatch", [(OK, "App.boot -> Platform.boot", "App.boot -> Platform.boot\nApp.leds -> c2.counter")], OK, "host",
     "wiring/ok.wire:11:1: error: interface mismatch: App.leds uses Leds but c2.counter provides Counter\n"
     "components/app/app.comp:6:6: note: App.leds declared as Leds here\n"
     "components/counter/counter.comp:3:10: note: Counter.counter declared as Counter here"),
    ("wrong_direction", [(OK, "App.c -> c1.counter", "c1.counter -> App.c")], OK, "host",
     "wiring/ok.wire:9:4: error: a wire goes from a used endpoint to a provided one, but c1.counter is provided\n"
     "components/counter/counter.comp:3:23: note: declared here"),
    ("unwired_no_default", [(OK, "App.c -> c1.counter\n", "")], OK, "host",
     "wiring/ok.wire:4:5: error: App.c (Counter) is not wired and declares no default\n"
     "components/app/app.comp:4:17: note: used here"),
    ("default_with_unwired_endpoint", [("components/noleds/noleds.comp", "provides Leds as leds", "provides Leds as leds\nuses Loop as loop")], OK, "host",
     "components/app/app.comp:6:27: error: NoLeds.loop (Loop) is not wired and declares no default\n"
     "components/noleds/noleds.comp:3:14: note: used here"),
    # a generic component's declaration is checked per instance (and per wire): each error once
    ("default_of_generic_not_found", [("components/counter/counter.comp", "default NoLeds", "default NoLedz")], OK, "host",
     "components/counter/counter.comp:4:27: error: default 'NoLedz' of Counter.leds is not a singleton component (did you mean 'NoLeds'?)"),
    ("default_of_generic_wrong_interface", [("components/counter/counter.comp", "default NoLeds", "default Sched")], OK, "host",
     "components/counter/counter.comp:4:27: error: default 'Sched' provides no Leds\n"
     "components/sched/sched.comp:2:11: note: declared here"),
    ("unknown_interface_of_wired_generic", [("components/counter/counter.comp", "provides Counter[] as counter", "provides Countr[] as counter")], OK, "host",
     "components/counter/counter.comp:3:10: error: unknown interface 'Countr' (did you mean 'Counter'?)"),
    ("tasks_without_a_task_service", [("platforms/host/platform.wire", "bind Platform.tasks -> Sched.tasks\n", "")], OK, "host",
     "components/counter/counter.comp:8:6: error: component 'Counter' has tasks but platform 'host' binds no 'Platform.tasks' service"),
    ("wired_twice", [(OK, "App.c -> c1.counter", "App.c -> c1.counter\nApp.c -> c2.counter")], OK, "host",
     "wiring/ok.wire:10:1: error: App.c is wired twice\n"
     "wiring/ok.wire:9:1: note: first wired here to c1.counter"),
    ("wired_twice_across_files", [("wiring/t.wire", None, "wiring 1\ntest t\ninclude \"ok.wire\"\nuse Sched\nMain.loop -> Sched.loop\n")], "wiring/t.wire", "host",
     "wiring/t.wire:5:1: error: Main.loop is wired twice; to override the other file's wire, write 'replace Main.loop -> Sched.loop'\n"
     "platforms/host/platform.wire:5:1: note: first wired here to Sched.loop"),
    ("fanout_undeclared", [("components/counter/counter.comp", "provides Counter[] as counter", "provides Counter as counter")], OK, "host",
     "wiring/ok.wire:9:1: error: fan-out not declared: c1.counter (Counter) would signal its events to 2 users; "
     "make the endpoint parameterised or the interface @fanout\n"
     "wiring/ok.wire:7:1: note: wired to App.a here"),
    ("missing_parameter", [("components/counter/counter.comp", "param limit: u16 = 100 in 1..1000", "param limit: u16 in 1..1000")], OK, "host",
     "wiring/ok.wire:6:16: error: instance 'c2' needs a value for parameter 'limit' (u16)\n"
     "components/counter/counter.comp:5:7: note: declared here without a default"),
    ("mistyped_parameter", [(OK, "(verbose = true)", "(verbose = 3)")], OK, "host",
     "wiring/ok.wire:6:30: error: parameter 'verbose' is bool: expected true or false, found 3"),
    ("out_of_range_parameter", [(OK, "(limit = 10)", "(limit = 5000)")], OK, "host",
     "wiring/ok.wire:5:28: error: parameter 'limit' = 5000 is out of range 1..1000\n"
     "components/counter/counter.comp:5:7: note: declared here"),
    ("default_outside_range", [("components/counter/counter.comp", "param limit: u16 = 100 in 1..1000", "param limit: u16 = 2000 in 1..1000")], OK, "host",
     "components/counter/counter.comp:5:20: error: default 2000 of 'limit' is outside 1..1000"),
    ("range_too_wide", [("components/counter/counter.comp", "param limit: u16 = 100 in 1..1000", "param limit: u16 = 100 in 1..0x10000")], OK, "host",
     "components/counter/counter.comp:5:30: error: range 1..65536 does not fit u16"),
    ("range_empty", [("components/counter/counter.comp", "param limit: u16 = 100 in 1..1000", "param limit: u16 = 100 in 1000..1")], OK, "host",
     "components/counter/counter.comp:5:27: error: range 1000..1 is empty"),
    ("unsupported_platform", [("components/counter/counter.comp", "platforms any", "platforms telosb")], OK, "host",
     "wiring/ok.wire:5:16: error: component 'Counter' does not support platform 'host'\n"
     "components/counter/counter.comp:11:1: note: it supports: telosb\n"
     "wiring/ok.wire:6:16: error: component 'Counter' does not support platform 'host'\n"
     "components/counter/counter.comp:11:1: note: it supports: telosb"),
    ("unbound_service", [(OK, "App.boot -> Platform.boot", "App.boot -> Platform.bot")], OK, "host",
     "wiring/ok.wire:10:22: error: platform 'host' does not bind service 'Platform.bot' (did you mean 'boot'?)\n"
     "platforms/host/platform.wire:2:1: note: platform 'host' is wired here"),
    ("replace_unbound_service", [(OK, "App.boot -> Platform.boot", "App.boot -> Platform.boot\nreplace Platform.leds -> NoLeds.leds")], OK, "host",
     "wiring/ok.wire:11:18: error: replace of 'Platform.leds', which the platform never binds\n"
     "platforms/host/platform.wire:2:1: note: platform 'host' is wired here"),
    ("replace_unwired", [(OK, "App.boot -> Platform.boot", "App.boot -> Platform.boot\nreplace App.leds -> NoLeds.leds")], OK, "host",
     "wiring/ok.wire:11:9: error: replace of 'App.leds', which nothing wires: write a plain wire instead"),
    ("async_handler", [("components/app/app.comp", "uses Boot as boot", "uses Boot as boot\nuses Tick as tick"),
                       ("components/noleds/noleds.comp", "provides Leds as leds", "provides Leds as leds\nprovides Tick as tick"),
                       (OK, "App.boot -> Platform.boot", "App.boot -> Platform.boot\nuse NoLeds\nApp.tick -> NoLeds.tick")], OK, "host",
     "components/app/app.comp:6:14: error: App.tick handles the @async event Tick.fired but is not declared async\n"
     "components/interfaces/tick.h:10:12: note: @async here\n"
     "wiring/ok.wire:12:1: note: wired here"),
    ("init_cycle", [("components/noleds/noleds.comp", "provides Leds as leds", "provides Leds as leds\nuses Loop as loop"),
                    ("components/sched/sched.comp", "provides Loop as loop", "provides Loop as loop\nuses Leds as leds"),
                    ("platforms/host/platform.wire", "Main.loop -> Sched.loop", "Main.loop -> Sched.loop\nuse NoLeds\nNoLeds.loop -> Sched.loop\nSched.leds -> NoLeds.leds")], OK, "host",
     "platforms/host/platform.wire:8:1: error: cycle in init order: Sched -> NoLeds -> Sched"),
    ("reserved_name", [(OK, "new Counter as c1", "new Counter as c__1")], OK, "host",
     "wiring/ok.wire:5:16: error: 'c__1': '__' is reserved for generated symbols"),
    ("include_twice", [("wiring/leds.wire", None, "wiring 1\napp leds\nuse NoLeds\nApp.leds -> NoLeds.leds\n"),
                       ("wiring/a.wire", None, "wiring 1\napp a\ninclude \"leds.wire\"\n"),
                       ("wiring/t.wire", None, "wiring 1\ntest t\ninclude \"ok.wire\"\ninclude \"a.wire\"\ninclude \"./leds.wire\"\n")],
     "wiring/t.wire", "host",
     "wiring/t.wire:5:9: error: './leds.wire' is included more than once\n"
     "wiring/a.wire:3:9: note: first included here"),
    ("include_cycle", [("wiring/a.wire", None, "wiring 1\napp a\ninclude \"b.wire\"\n"),
                       ("wiring/b.wire", None, "wiring 1\napp b\ninclude \"a.wire\"\n")],
     "wiring/a.wire", "host",
     "wiring/b.wire:3:9: error: include cycle: wiring/a.wire -> wiring/b.wire -> wiring/a.wire"),
    # c1's parameter _limit and c1_'s parameter limit would both be the macro c1___limit
    ("leading_underscore", [("components/counter/counter.comp", "param verbose: bool = false", "param verbose: bool = false\nparam _limit: u8 = 1")], OK, "host",
     "components/counter/counter.comp:7:7: error: '_limit': a name starts with a letter"),
    ("leading_underscore_member", [("components/interfaces/leds.h", "void (*set)(uint8_t mask);", "void (*_set)(uint8_t mask);")], OK, "host",
     "components/interfaces/leds.h:8:12: error: '_set': a name starts with a letter"),
    # the glue's Counter__task__set (a task) and Counter__post__set would be a thunk of the endpoint too
    ("reserved_endpoint_name", [("components/counter/counter.comp", "uses Leds as leds default NoLeds", "uses Leds as task default NoLeds")], OK, "host",
     "components/counter/counter.comp:4:14: error: endpoint name 'task' is reserved: the glue names a component's tasks Counter__task__NAME and Counter__post__NAME"),
    # the macro App__init would replace the init function, c1__self the instance
    ("reserved_parameter_name", [("components/app/app.comp", "sources app.c", "param init: u8 = 1\nsources app.c")], OK, "host",
     "components/app/app.comp:7:7: error: parameter name 'init' is reserved: the glue defines App__init and each instance's INST__self"),
    ("generic_used_as_singleton", [(OK, "new Counter as c2 (verbose = true)", "use Counter")], OK, "host",
     "wiring/ok.wire:6:5: error: 'Counter' is generic: create instances with 'new Counter as NAME'\n"
     "components/counter/counter.comp:2:19: note: declared generic here\n"
     "wiring/ok.wire:8:10: error: unknown instance 'c2'"),
    ("instance_named_like_a_component", [(OK, "new Counter as c2", "new Counter as NoLeds"), (OK, "App.b -> c2.counter", "App.b -> NoLeds.counter")], OK, "host",
     "wiring/ok.wire:6:16: error: instance name 'NoLeds' is the name of a component; give this Counter instance another name\n"
     "components/noleds/noleds.comp:1:11: note: component 'NoLeds' declared here"),
    ("duplicate_instance", [(OK, "new Counter as c2", "new Counter as c1")], OK, "host",
     "wiring/ok.wire:6:16: error: instance 'c1' is declared twice\n"
     "wiring/ok.wire:5:16: note: first declared here\n"
     "wiring/ok.wire:8:10: error: unknown instance 'c2'"),
    ("unknown_platform", [], OK, "hots",
     "wiring/ok.wire:1:1: error: unknown platform 'hots' (did you mean 'host'?); known: host"),
    ("task_queue_without_post", [("components/interfaces/task_queue.h", "err_t (*post)(void);", "err_t (*put)(void);")], OK, "host",
     "components/interfaces/task_queue.h:6:8: error: TaskQueue must have the command 'err_t (*post)(void)': the glue posts tasks with it\n"
     "platforms/host/platform.wire:6:1: note: Platform.tasks bound here"),
    ("task_queue_run_with_parameters", [("components/interfaces/task_queue.h", "void (*run)(void);", "void (*run)(uint8_t task);")], OK, "host",
     "components/interfaces/task_queue.h:10:12: error: TaskQueue must have the event 'void (*run)(void)': the glue runs tasks on it\n"
     "platforms/host/platform.wire:6:1: note: Platform.tasks bound here"),
    ("too_many_clients", MANY, "wiring/many.wire", "host",
     "wiring/many.wire:260:1: error: c1.counter has more than 255 clients (wire_id_t is 8 bits)"),
    ("interface_grammar", [("components/interfaces/leds.h", "void (*set)(uint8_t mask);", "void set(uint8_t mask);")], OK, "host",
     "components/interfaces/leds.h:8:5: error: expected a member 'RET (*name)(PARAMS);'"),
    ("interface_parameter_without_name", [("components/interfaces/leds.h", "void (*set)(uint8_t mask);", "void (*set)(uint8_t mask, uint8_t);")], OK, "host",
     "components/interfaces/leds.h:8:31: error: parameter 'uint8_t' must be 'TYPE name'"),
    ("interface_untagged", [("components/interfaces/leds.h", "/** @command Set. */", "/** Set. */")], OK, "host",
     "components/interfaces/leds.h:8:12: error: member 'set': its doc comment must say exactly one of @command or @event"),
    ("comp_bad_statement", [("components/app/app.comp", "sources app.c", "source app.c")], OK, "host",
     "components/app/app.comp:7:1: error: unknown statement 'source' in a component declaration"),
    ("size_two_statements", [("components/counter/counter.comp", "limit * sizeof(uint32_t)", "limit * 4; limit")], OK, "host",
     "components/counter/counter.comp:7:29: error: a size is one C expression"),
    ("size_stray_character", [("components/counter/counter.comp", "limit * sizeof(uint32_t)", "limit \u00d7 4")], OK, "host",
     "components/counter/counter.comp:7:26: error: unexpected character '\u00d7'"),
    ("missing_source", [("components/noleds/noleds.comp", "sources noleds.c", "sources noleds.c noled.c")], OK, "host",
     "components/noleds/noleds.comp:3:18: error: source 'noled.c' of component 'NoLeds' does not exist"),
    ("two_entry_points", [("components/app/app.comp", "sources app.c", "entry\nsources app.c")], OK, "host",
     "components/main/main.comp:4:1: error: two entry points in one image: App and Main both define main()\n"
     "components/app/app.comp:7:1: note: the other entry point"),
]
