/// One clock change of a POSIX TZ rule: the day of the year it happens and the local time on that day.
struct PosixTransitionRule: Sendable, Hashable {
    /// How a POSIX TZ rule names the day of a change.
    enum Day: Sendable, Hashable {
        /// `Jn`: day 1...365, February 29 never counted (J60 is always March 1).
        case julian(Int)
        /// `n`: day 0...365 counting February 29 in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday d (0 = Sunday) of week w (1...5, 5 = the last) of month m.
        case monthWeek(month: Int, week: Int, weekday: Int)
    }

    var day: Day
    /// Seconds after local midnight of that day; negative or past 24 hours in version 3 data.
    var time: Int64

    /// The change in `year` as local seconds since the epoch, in the offset in effect before it.
    func localSeconds(in year: Int64) -> Int64 {
        let newYear = CivilTime.days(year: year, month: 1, day: 1)
        let dayNumber: Int64
        switch day {
        case .julian(let n):
            let leapDay: Int64 = CivilTime.isLeapYear(year) && n >= 60 ? 1 : 0
            dayNumber = newYear + Int64(n - 1) + leapDay
        case .zeroBased(let n):
            dayNumber = newYear + Int64(n)
        case .monthWeek(let month, let week, let weekday):
            let first = CivilTime.days(year: year, month: month, day: 1)
            let firstWeekday = Int(CivilTime.floorModulo(first + 4, 7))  // 0 = Sunday; 1970-01-01 was a Thursday
            var dayOfMonth = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = CivilTime.daysInMonth(month, year: year)
            while dayOfMonth > length { dayOfMonth -= 7 }
            dayNumber = first + Int64(dayOfMonth - 1)
        }
        return dayNumber * 86_400 + time
    }
}
