#if os(Linux) && (arch(x86_64) || arch(arm64))
    import Glibc
    import XCTest

    @testable import ReflexCore

    /// Counts heap allocations made by the Swift runtime while a closure runs.
    ///
    /// Every Swift allocation (class instances, array and string buffers, boxes) goes through the runtime's
    /// `swift_slowAlloc`, which calls `malloc` (or `aligned_alloc`, `posix_memalign`, `calloc`, `realloc`)
    /// through libswiftCore.so's global offset table. The counter points those table slots at counting
    /// functions that call the real ones, and puts them back afterwards. Only libswiftCore's own calls are
    /// diverted, so nothing else in the process changes behavior. (A byte count such as
    /// `mallinfo2().uordblks` would miss memory allocated and freed within one evaluation.)
    private enum AllocationCounter {
        // Written by the counting functions on any thread; read after they are removed.
        nonisolated(unsafe) static var count = 0

        private typealias Malloc = @convention(c) (Int) -> UnsafeMutableRawPointer?
        private typealias Calloc = @convention(c) (Int, Int) -> UnsafeMutableRawPointer?
        private typealias Realloc = @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer?
        private typealias AlignedAlloc = @convention(c) (Int, Int) -> UnsafeMutableRawPointer?
        private typealias PosixMemalign =
            @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int, Int) -> Int32

        private static let countingMalloc: Malloc = { size in
            AllocationCounter.count += 1
            return malloc(size)
        }
        private static let countingCalloc: Calloc = { count, size in
            AllocationCounter.count += 1
            return calloc(count, size)
        }
        private static let countingRealloc: Realloc = { pointer, size in
            AllocationCounter.count += 1
            return realloc(pointer, size)
        }
        private static let countingAlignedAlloc: AlignedAlloc = { alignment, size in
            AllocationCounter.count += 1
            return aligned_alloc(alignment, size)
        }
        private static let countingPosixMemalign: PosixMemalign = { result, alignment, size in
            AllocationCounter.count += 1
            return posix_memalign(result!, alignment, size)
        }

        private static var replacements: [String: UInt] {
            func address<F>(_ function: F) -> UInt { UInt(bitPattern: unsafeBitCast(function, to: Int.self)) }
            return [
                "malloc": address(countingMalloc), "calloc": address(countingCalloc),
                "realloc": address(countingRealloc), "aligned_alloc": address(countingAlignedAlloc),
                "posix_memalign": address(countingPosixMemalign),
            ]
        }

        /// How many allocations the Swift runtime makes while `body` runs.
        static func measure(_ body: () -> Void) throws -> Int {
            let replacements = replacements
            guard let base = loadAddress(of: "libswiftCore.so") else {
                throw XCTSkip("libswiftCore.so is not loaded as a shared object")
            }
            let slots = slots(in: base, for: Set(replacements.keys))
            guard slots.contains(where: { $0.name == "malloc" }) else {
                throw XCTSkip("libswiftCore.so does not call malloc through its offset table")
            }
            let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))
            var saved: [(UnsafeMutablePointer<UInt>, UInt)] = []
            for (name, address) in slots {
                let page = UnsafeMutableRawPointer(bitPattern: address & ~(pageSize - 1))
                guard mprotect(page, Int(pageSize), PROT_READ | PROT_WRITE) == 0,
                    let slot = UnsafeMutablePointer<UInt>(bitPattern: address), let replacement = replacements[name]
                else { continue }
                saved.append((slot, slot.pointee))
                slot.pointee = replacement
            }
            count = 0
            body()
            for (slot, original) in saved { slot.pointee = original }
            return count
        }

        /// Where a shared object is mapped, from /proc/self/maps.
        private static func loadAddress(of name: String) -> UInt? {
            guard let file = fopen("/proc/self/maps", "r") else { return nil }
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), file) != nil {
                let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                guard text.hasSuffix("/\(name)\n") else { continue }
                let fields = text.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 6, fields[2] == "00000000", let dash = fields[0].firstIndex(of: "-") else {
                    continue
                }
                return UInt(fields[0][..<dash], radix: 16)
            }
            return nil
        }

        /// The offset table slots of a loaded 64-bit ELF object that are relocated against `names`.
        private static func slots(in base: UInt, for names: Set<String>) -> [(name: String, address: UInt)] {
            func read<T>(_ address: UInt, _: T.Type) -> T {
                UnsafeRawPointer(bitPattern: address)!.loadUnaligned(as: T.self)
            }
            // ELF header: program headers at e_phoff (0x20), e_phentsize (0x36), e_phnum (0x38).
            let programHeaders = base + UInt(read(base + 0x20, UInt64.self))
            let entrySize = UInt(read(base + 0x36, UInt16.self))
            var dynamic: UInt?
            for i in 0..<UInt(read(base + 0x38, UInt16.self)) {
                let header = programHeaders + i * entrySize
                // PT_DYNAMIC, whose address is p_vaddr (at 16)
                if read(header, UInt32.self) == 2 { dynamic = base + UInt(read(header + 16, UInt64.self)) }
            }
            guard var entry = dynamic else { return [] }
            var tags: [Int64: UInt] = [:]
            while case let tag = read(entry, Int64.self), tag != 0 {
                tags[tag] = UInt(read(entry + 8, UInt64.self))
                entry += 16
            }
            // The loader may or may not have relocated the addresses in the dynamic section.
            func address(_ tag: Int64) -> UInt? { tags[tag].map { $0 < base ? base + $0 : $0 } }
            guard let strings = address(5), let symbols = address(6) else { return [] }  // DT_STRTAB, DT_SYMTAB
            var found: [(String, UInt)] = []
            // DT_JMPREL/DT_PLTRELSZ and DT_RELA/DT_RELASZ: Elf64_Rela entries of 24 bytes.
            for (table, size) in [(Int64(23), Int64(2)), (Int64(7), Int64(8))] {
                guard let start = address(table), let length = tags[size] else { continue }
                for relocation in stride(from: start, to: start + length, by: 24) {
                    let symbol = UInt(read(relocation + 8, UInt64.self) >> 32)
                    guard symbol != 0 else { continue }
                    let nameOffset = UInt(read(symbols + symbol * 24, UInt32.self))
                    let name = String(cString: UnsafePointer<CChar>(bitPattern: strings + nameOffset)!)
                    if names.contains(name) { found.append((name, base + UInt(read(relocation, UInt64.self)))) }
                }
            }
            return found
        }
    }

    /// A reference type, to check that the counter sees allocations.
    private final class Probe {
        var value = 0
    }

    final class ExpressionAllocationTests: ExpressionTestCase {
        func testTheCounterSeesAllocations() throws {
            var probes: [Probe] = []
            probes.reserveCapacity(1_000)
            let objects = try AllocationCounter.measure {
                for _ in 0..<1_000 { probes.append(Probe()) }
            }
            XCTAssertGreaterThanOrEqual(objects, 1_000)

            // json() builds a new string each time: long enough to need heap storage
            guard let json = compile("json(mode)") else { return }
            var context = TestContext.standard
            context.values[2] = .string("a mode with a name too long for an inline string")
            var evaluator = ExpressionEvaluator()
            var text = ""
            let strings = try AllocationCounter.measure {
                for _ in 0..<100 {
                    if case .string(let s) = evaluator.evaluate(json, in: context) { text = s }
                }
            }
            XCTAssertEqual(text, "\"a mode with a name too long for an inline string\"")
            XCTAssertGreaterThanOrEqual(strings, 100)
        }

        /// 100,000 evaluations of expressions that use every kind of instruction allocate nothing.
        ///
        /// Any allocation per evaluation would count at least 100,000. The margin of 50 covers one-time costs
        /// of the first run under the counter (about 10: runtime caches filled on first use) and the test
        /// harness itself; it is far below what even one allocation per thousand evaluations would give (100).
        /// When it fails, the allocations of each expression are printed.
        func testEvaluationAllocatesNothing() throws {
            let texts = [
                "temp > 30 and door or not armed",
                "clamp(round(temp * 1.5 - humidity / 3, 1), 0, 100) >= abs(-2) % 7",
                "mode in ['auto', 'eco', 'holiday mode with a long name'] and mode != 'greenhouse'",
                "temp.age > 5m and temp.since < 1h and not temp.stale and temp != temp.previous",
                "min(temp, 10m) + max(temp, 1h) + avg(humidity, 5m) + delta(temp, 1m) + rate(temp, 1m) > 0",
                "count(door.rise, 10m) + floor(hour) + ceil(minute) >= 1 and weekday in ['mon', 'wed']",
                "time_between(22:00, 06:00) or now == now or 1m / 1s > 2 and -temp < 0",
                "min(temp, humidity, 3) < max(1m, 2m / 3) / 1s and value * 2 > 1 and site == 'greenhouse-a'",
            ]
            let locals = [LocalName("value", type: .number)]
            var expressions: [CompiledExpression] = []
            for text in texts {
                guard let expression = compile(text, locals: locals) else { return }
                expressions.append(expression)
            }
            var context = TestContext.standard
            context.updates[0] = context.now - 400_000
            context.changes[0] = context.now - 400_000
            context.previousValues[0] = .number(30)
            context.windowValues = Array(repeating: .number(3), count: windows.windows.count)
            context.counts = Array(repeating: 2, count: windows.windows.count)
            context.locals = [.number(4)]
            var evaluator = ExpressionEvaluator(maxStackDepth: 32)
            var trues = 0
            for expression in expressions where evaluator.evaluate(expression, in: context) == .bool(true) {
                trues += 1
            }
            XCTAssertEqual(trues, expressions.count)

            let allocations = try AllocationCounter.measure {
                // Indices, not `for expression in expressions`: unoptimized builds box the elements while
                // iterating an array of large structs.
                for _ in 0..<12_500 {
                    for i in 0..<expressions.count {
                        if case .bool(true) = evaluator.evaluate(expressions[i], in: context) { trues += 1 }
                    }
                }
            }
            XCTAssertEqual(trues, expressions.count * 12_501)
            XCTAssertLessThanOrEqual(allocations, 50, "allocations during 100,000 evaluations")
            guard allocations > 50 else { return }
            for (text, expression) in zip(texts, expressions) {
                let count = try AllocationCounter.measure {
                    for _ in 0..<1_000 { _ = evaluator.evaluate(expression, in: context) }
                }
                print("\(count) allocations in 1,000 evaluations of \(text)")
            }
        }

        /// Scheduling the next evaluation allocates nothing either (10,000 answers, each stepping over breakpoints).
        func testNextChangeAllocatesNothing() throws {
            let texts = [
                "temp.age > 5m and temp.since < 1h",
                "floor(temp.age / 1m) == 3 or hour >= 15",
                "time_between(22:00, 06:00) and weekday in ['mon', 'wed']",
                "min(temp.age, 10m) > 2m or abs(temp.age - 1m) < 10s",
            ]
            var expressions: [CompiledExpression] = []
            for text in texts {
                guard let expression = compile(text) else { return }
                expressions.append(expression)
            }
            var context = TestContext.standard
            context.updates[0] = context.now - 90_000
            context.changes[0] = context.now - 90_000
            var evaluator = ExpressionEvaluator()
            var answers = 0
            for i in 0..<expressions.count where evaluator.nextChange(expressions[i], in: context) != nil {
                answers += 1
            }
            XCTAssertEqual(answers, expressions.count)
            let allocations = try AllocationCounter.measure {
                for _ in 0..<2_500 {
                    for i in 0..<expressions.count where evaluator.nextChange(expressions[i], in: context) != nil {
                        answers += 1
                    }
                }
            }
            XCTAssertEqual(answers, expressions.count * 2_501)
            XCTAssertLessThanOrEqual(allocations, 50, "allocations during 10,000 answers")
        }
    }
#endif
