import CYAML

/// Pulls parser events from libyaml over a UTF-8 buffer; the only place that calls libyaml.
///
/// The parser struct is heap-allocated because libyaml keeps a pointer to it (its string read handler's data),
/// so it must never move. The caller keeps `bytes` alive for the reader's whole life: libyaml reads it lazily.
struct YAMLEventReader: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>

    init(bytes: UnsafePointer<UInt8>, count: Int) throws(LibYAMLError) {
        // Set up in a local first: once `self.parser` is set, a throw would run `deinit` as well.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        do {
            try YAMLEventReader.check(yaml_parser_initialize(parser), "yaml_parser_initialize", parser)
        } catch {
            parser.deallocate()
            throw error
        }
        yaml_parser_set_input_string(parser, bytes, count)
        self.parser = parser
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// The next event; after `.streamEnd` libyaml keeps returning stream ends.
    mutating func next() throws(LibYAMLError) -> YAMLEvent {
        var event = yaml_event_t()
        try YAMLEventReader.check(yaml_parser_parse(parser, &event), "yaml_parser_parse", parser)
        defer { yaml_event_delete(&event) }
        return YAMLEventReader.convert(&event)
    }

    /// Every libyaml return code goes through here: 1 is success, 0 means the parser's error fields are set.
    private static func check(
        _ result: Int32, _ call: StaticString, _ parser: UnsafeMutablePointer<yaml_parser_t>
    ) throws(LibYAMLError) {
        guard result == 0 else { return }
        let p = parser.pointee
        let kind: LibYAMLError.Kind
        switch p.error {
        case YAML_MEMORY_ERROR: kind = .memory
        case YAML_READER_ERROR: kind = .reader
        case YAML_SCANNER_ERROR: kind = .scanner
        case YAML_PARSER_ERROR: kind = .parser
        default: kind = .other
        }
        throw LibYAMLError(
            call: call,
            kind: kind,
            problem: p.problem.map { String(cString: $0) } ?? "unknown error",
            problemOffset: Int(p.problem_offset),
            problemValue: Int(p.problem_value),
            problemMark: mark(p.problem_mark),
            context: p.context.map { String(cString: $0) },
            contextMark: mark(p.context_mark)
        )
    }

    private static func mark(_ m: yaml_mark_t) -> YAMLMark {
        YAMLMark(index: Int(m.index), line: Int(m.line), column: Int(m.column))
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    private static func convert(_ event: inout yaml_event_t) -> YAMLEvent {
        let start = mark(event.start_mark)
        let end = mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start: start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            // Values may hold NUL (from "\0"), so the length counts, not the terminator.
            let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) }
            return .scalar(
                YAMLEvent.Scalar(
                    value: value ?? "", style: scalarStyle(s.style), anchor: string(s.anchor), tag: string(s.tag),
                    start: start, end: end))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            return .sequenceStart(
                YAMLEvent.CollectionStart(
                    anchor: string(s.anchor), tag: string(s.tag), isFlow: s.style == YAML_FLOW_SEQUENCE_STYLE,
                    start: start, end: end))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            return .mappingStart(
                YAMLEvent.CollectionStart(
                    anchor: string(m.anchor), tag: string(m.tag), isFlow: m.style == YAML_FLOW_MAPPING_STYLE,
                    start: start, end: end))
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: end)
        default:
            return .streamEnd
        }
    }

    private static func scalarStyle(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
