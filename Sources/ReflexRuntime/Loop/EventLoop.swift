import CReflexShims
import Glibc

/// The device runtime's one thread of control: sleeps in epoll_wait until a descriptor, a deadline, a signal or a
/// worker's wake-up is ready, then runs its handler, one at a time.
///
/// What it waits on, all in one epoll set:
/// - descriptors registered with `watch` (sockets, GPIO line events), each with its own handler;
/// - one timerfd on CLOCK_MONOTONIC, armed absolutely at the earliest armed `LoopTimer` deadline;
/// - a signalfd for the signals given at creation (SIGTERM, SIGINT, SIGHUP), blocked first so that they arrive
///   here and nowhere else; they are reported through `onSignal`;
/// - an eventfd that `LoopInbox.post` rings from worker threads;
/// - a timerfd on CLOCK_REALTIME with TFD_TIMER_CANCEL_ON_SET, which reports through `onWallClockChange` when
///   the wall clock is set (NTP stepping it, a manual `date -s`), so wall-time deadlines can be recomputed.
///
/// Nothing is polled: between events the thread is asleep in the kernel. The loop is bound to the thread that
/// created it: it is not Sendable, and everything registered with it runs on that thread. Create it before any
/// other thread starts, so that the blocked signals are blocked in every thread (threads inherit the mask) and a
/// SIGTERM sent to the process cannot land in a thread that would take the default action.
package final class EventLoop {
    private enum Source {
        case descriptor((FDEvents) -> Void)
        case deadlines
        case wallClock
        case signals
        case doorbell
    }

    private struct Registration {
        var descriptor: Int32
        var interest: FDEvents
        var source: Source
    }

    /// The clocks the loop's deadlines are on.
    package let clock = DeviceClock()
    /// Called with each signal received (of those given at creation).
    package var onSignal: ((ProcessSignal) -> Void)?
    /// Called when the wall clock was set; deadlines kept in wall time need recomputing.
    package var onWallClockChange: (() -> Void)?

    private let epoll: Int32
    private let deadlineTimer: Int32
    private let wallClockTimer: Int32
    private let signalDescriptor: Int32
    private let doorbell: Doorbell
    private var signalMaskBefore: sigset_t
    private var registrations: [UInt64: Registration] = [:]
    private var lastWatchID: UInt64 = 0
    /// Armed timers, unordered: a runtime has a handful (the engine's next deadline, the MQTT driver's two).
    private var armed: [LoopTimer] = []
    private var lastTimerSequence: UInt64 = 0
    /// The deadline the timerfd is armed at, nil when disarmed.
    private var armedDeadline: Int64?
    private var firingTimers = false
    private var inboxDrains: [() -> Void] = []
    private var stopRequested = false
    private var failure: (any Error)?
    private var isClosed = false

    /// Opens the loop's descriptors and blocks `signals` in the calling thread, which becomes the loop's thread.
    package init(signals: Set<ProcessSignal> = Set(ProcessSignal.allCases)) throws(SystemError) {
        var opened: [Int32] = []
        func open(_ call: String, _ body: () -> Int32) throws(SystemError) -> Int32 {
            let descriptor = try SystemCall.check(call, body)
            opened.append(descriptor)
            return descriptor
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal.number) }
        var before = sigset_t()
        var blocked = false
        do throws(SystemError) {
            epoll = try open("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
            let timerFlags = Int32(TFD_NONBLOCK | TFD_CLOEXEC)
            deadlineTimer = try open("timerfd_create(CLOCK_MONOTONIC)") { timerfd_create(CLOCK_MONOTONIC, timerFlags) }
            wallClockTimer = try open("timerfd_create(CLOCK_REALTIME)") { timerfd_create(CLOCK_REALTIME, timerFlags) }
            try Self.watchWallClock(wallClockTimer)
            try SystemCall.check("sigprocmask(SIG_BLOCK)") { sigprocmask(SIG_BLOCK, &mask, &before) }
            blocked = true
            signalDescriptor = try open("signalfd") { signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) }
            doorbell = try Doorbell()
        } catch {
            for descriptor in opened { SystemCall.close(descriptor) }
            if blocked { sigprocmask(SIG_SETMASK, &before, nil) }
            throw error
        }
        signalMaskBefore = before
        // From here a failure runs deinit, which closes everything.
        _ = try register(deadlineTimer, for: .readable, source: .deadlines)
        _ = try register(wallClockTimer, for: .readable, source: .wallClock)
        _ = try register(signalDescriptor, for: .readable, source: .signals)
        _ = try register(doorbell.descriptor, for: .readable, source: .doorbell)
    }

    deinit { close() }

    // MARK: Descriptors

    /// Calls `handler` on the loop's thread whenever `descriptor` is ready for any of `events` (level-triggered:
    /// again on every turn while it stays ready), or has hung up or failed.
    ///
    /// The caller keeps owning the descriptor; `unwatch` it before closing it.
    package func watch(
        _ descriptor: Int32, for events: FDEvents, _ handler: @escaping (FDEvents) -> Void
    ) throws(SystemError) -> FDWatch {
        try register(descriptor, for: events.interest, source: .descriptor(handler))
    }

    /// Changes what a watched descriptor is wanted for; no system call when it is unchanged.
    package func change(_ watch: FDWatch, to events: FDEvents) throws(SystemError) {
        guard var registration = registrations[watch.id], registration.interest != events.interest else { return }
        var event = epoll_event()
        event.events = events.interest.rawValue
        event.data.u64 = watch.id
        try SystemCall.check("epoll_ctl(MOD)") { epoll_ctl(epoll, EPOLL_CTL_MOD, watch.descriptor, &event) }
        registration.interest = events.interest
        registrations[watch.id] = registration
    }

    /// Ends a registration; readiness already reported for it is dropped. Call it before closing the descriptor,
    /// or straight after a library closed it (the kernel drops a closed descriptor from epoll by itself).
    package func unwatch(_ watch: FDWatch) {
        guard registrations.removeValue(forKey: watch.id) != nil else { return }
        do throws(SystemError) {
            try SystemCall.check("epoll_ctl(DEL)") { epoll_ctl(epoll, EPOLL_CTL_DEL, watch.descriptor, nil) }
        } catch where error.errno == EBADF || error.errno == ENOENT {
            // Already closed, and so already out of the epoll set.
        } catch {
            failure = error
        }
    }

    private func register(_ descriptor: Int32, for interest: FDEvents, source: Source) throws(SystemError) -> FDWatch {
        lastWatchID += 1
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = lastWatchID
        try SystemCall.check("epoll_ctl(ADD)") { epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) }
        registrations[lastWatchID] = Registration(descriptor: descriptor, interest: interest, source: source)
        return FDWatch(id: lastWatchID, descriptor: descriptor)
    }

    // MARK: Timers

    /// A timer that runs `action` on the loop's thread when its deadline arrives; it starts disarmed.
    package func makeTimer(_ action: @escaping () -> Void) -> LoopTimer {
        LoopTimer(loop: self, action: action)
    }

    func arm(_ timer: LoopTimer, at deadline: Int64) {
        if timer.deadline == nil { armed.append(timer) }
        lastTimerSequence += 1
        timer.deadline = deadline
        timer.sequence = lastTimerSequence
        if !firingTimers { rearmDeadlineTimer() }
    }

    func disarm(_ timer: LoopTimer) {
        guard timer.deadline != nil else { return }
        timer.deadline = nil
        if let index = armed.firstIndex(where: { $0 === timer }) {
            armed.swapAt(index, armed.count - 1)
            armed.removeLast()
        }
        if !firingTimers { rearmDeadlineTimer() }
    }

    /// Points the timerfd at the earliest armed deadline (or disarms it), when that changed.
    private func rearmDeadlineTimer() {
        var earliest: Int64?
        for timer in armed {
            if let deadline = timer.deadline, deadline < earliest ?? .max { earliest = deadline }
        }
        guard earliest != armedDeadline, !isClosed else { return }
        var setting = itimerspec()
        if let earliest {
            // A zero it_value would disarm the timer; a deadline at or before 0 fires at once anyway.
            let milliseconds = max(earliest, 0)
            setting.it_value.tv_sec = Int(milliseconds / 1000)
            setting.it_value.tv_nsec = max(Int(milliseconds % 1000) * 1_000_000, 1)
        }
        do throws(SystemError) {
            try SystemCall.check("timerfd_settime(CLOCK_MONOTONIC)") {
                timerfd_settime(deadlineTimer, Int32(TFD_TIMER_ABSTIME), &setting, nil)
            }
            armedDeadline = earliest
        } catch {
            failure = error
        }
    }

    /// Runs the timers due now, in (deadline, arming order). A timer armed or re-armed by one of them waits for
    /// the next turn, even when already due, so a timer re-arming itself in the past cannot starve the loop.
    private func fireDueTimers() throws(SystemError) {
        var expirations: UInt64 = 0
        _ = try SystemCall.checkNonBlocking("read(timerfd CLOCK_MONOTONIC)") {
            read(deadlineTimer, &expirations, MemoryLayout<UInt64>.size)
        }
        armedDeadline = nil  // a one-shot timerfd is disarmed once it has expired
        let now = clock.monotonicMilliseconds()
        let lastEligible = lastTimerSequence
        firingTimers = true
        defer {
            firingTimers = false
            rearmDeadlineTimer()
        }
        while let timer = nextDue(now: now, armedBy: lastEligible) {
            disarm(timer)
            timer.action()
        }
    }

    private func nextDue(now: Int64, armedBy lastEligible: UInt64) -> LoopTimer? {
        var next: LoopTimer?
        for timer in armed {
            guard let deadline = timer.deadline, deadline <= now, timer.sequence <= lastEligible else { continue }
            if let best = next, let bestDeadline = best.deadline,
                (bestDeadline, best.sequence) < (deadline, timer.sequence)
            {
                continue
            }
            next = timer
        }
        return next
    }

    // MARK: Worker threads

    /// A mailbox worker threads post into; `deliver` runs on the loop's thread with each message, in order.
    package func makeInbox<Message: Sendable>(
        of type: Message.Type = Message.self, _ deliver: @escaping (Message) -> Void
    ) -> LoopInbox<Message> {
        let inbox = LoopInbox<Message>(doorbell: doorbell)
        var batch: [Message] = []
        inboxDrains.append {
            inbox.take(into: &batch)
            for message in batch { deliver(message) }
            batch.removeAll(keepingCapacity: true)
        }
        return inbox
    }

    private func deliverPosted() throws(SystemError) {
        try doorbell.clear()
        for drain in inboxDrains { drain() }
    }

    // MARK: Signals and the wall clock

    private func readSignals() throws(SystemError) {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while let count = try SystemCall.checkNonBlocking("read(signalfd)", { read(signalDescriptor, &info, size) }),
            count == size
        {
            if let signal = ProcessSignal(number: Int32(bitPattern: info.ssi_signo)) { onSignal?(signal) }
        }
    }

    private func wallClockReady() throws(SystemError) {
        var expirations: UInt64 = 0
        do throws(SystemError) {
            let count = try SystemCall.checkNonBlocking("read(timerfd CLOCK_REALTIME)") {
                read(wallClockTimer, &expirations, MemoryLayout<UInt64>.size)
            }
            if count != nil { try Self.watchWallClock(wallClockTimer) }  // reached the far future: keep watching
        } catch where error.errno == ECANCELED {
            try Self.watchWallClock(wallClockTimer)
            onWallClockChange?()
        }
    }

    /// Arms the CLOCK_REALTIME timerfd so far ahead it never expires; its read fails with ECANCELED when the
    /// clock is set, and it must be armed again after that.
    private static func watchWallClock(_ descriptor: Int32) throws(SystemError) {
        var setting = itimerspec()
        setting.it_value.tv_sec = 1 << 40
        try SystemCall.check("timerfd_settime(CLOCK_REALTIME)") {
            timerfd_settime(descriptor, Int32(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET), &setting, nil)
        }
    }

    // MARK: Running

    /// Runs until `stop()` is called or `finished()` (asked after each batch of handlers) returns true.
    ///
    /// Throws when the loop itself fails (a system call on its own descriptors); the loop can be run again after.
    package func run(until finished: () -> Bool = { false }) throws {
        precondition(!isClosed, "the event loop is closed")
        stopRequested = false
        var ready = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            if let failure {
                self.failure = nil
                throw failure
            }
            if stopRequested || finished() { return }
            let count = try ready.withUnsafeMutableBufferPointer { buffer throws(SystemError) in
                try SystemCall.check("epoll_wait") {
                    epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), -1)
                }
            }
            for index in 0..<Int(count) {
                let event = ready[index]
                try dispatch(event.data.u64, FDEvents(rawValue: event.events))
            }
        }
    }

    /// Makes `run` return once the handlers of the current turn have run.
    package func stop() {
        stopRequested = true
    }

    private func dispatch(_ id: UInt64, _ events: FDEvents) throws(SystemError) {
        guard let registration = registrations[id] else { return }  // unwatched earlier in this turn
        switch registration.source {
        case .descriptor(let handler): handler(events)
        case .deadlines: try fireDueTimers()
        case .wallClock: try wallClockReady()
        case .signals: try readSignals()
        case .doorbell: try deliverPosted()
        }
    }

    /// Closes the loop's descriptors and restores the signal mask it found. Inboxes stay safe to post to.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        // A blocked signal still pending would take its default action (ending the process) once unblocked, so
        // what arrived is read and dropped first: the loop's owner had its chance to handle it.
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while let count = try? SystemCall.checkNonBlocking("read(signalfd)", { read(signalDescriptor, &info, size) }),
            count == size
        {}
        sigprocmask(SIG_SETMASK, &signalMaskBefore, nil)
        for descriptor in [epoll, deadlineTimer, wallClockTimer, signalDescriptor] { SystemCall.close(descriptor) }
        for timer in armed { timer.deadline = nil }
        armed.removeAll()
        registrations.removeAll()
        inboxDrains.removeAll()
    }
}
