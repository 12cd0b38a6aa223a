/**
 * The business-hours schedule (contracts/business-hours.ts): open or closed at an instant and the
 * next opening, in real time zones — several ranges a day, "24:00", closed dates, and the days of
 * a DST change in Europe/Berlin and America/New_York — and the parser's refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBusinessHours, scheduleStatus, type BusinessHours } from '../../contracts/business-hours.ts';

function schedule(value: unknown): BusinessHours {
  const parsed = parseBusinessHours(value);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}

const OFFICE = [['09:00', '17:00']];
const berlinOffice = schedule({
  timeZone: 'Europe/Berlin',
  weekly: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  closed: ['2026-12-24', '2026-12-25'],
});

/** Open at `at`, or the ISO instant of the next opening. */
function status(hours: BusinessHours, at: string): string {
  const s = scheduleStatus(hours, Date.parse(at));
  return s.open ? 'open' : new Date(s.nextOpenAt).toISOString();
}

describe('a weekly schedule in Europe/Berlin', () => {
  test('open inside a range, from its start up to (not including) its end', () => {
    assert.equal(status(berlinOffice, '2026-12-07T08:00:00Z'), 'open'); // Monday 09:00 CET
    assert.equal(status(berlinOffice, '2026-12-07T15:59:59Z'), 'open');
    assert.equal(status(berlinOffice, '2026-12-07T16:00:00Z'), '2026-12-08T08:00:00.000Z'); // 17:00 → Tuesday 09:00
    assert.equal(status(berlinOffice, '2026-12-07T07:59:00Z'), '2026-12-07T08:00:00.000Z');
  });

  test('a weekend without hours: Friday evening opens again on Monday', () => {
    assert.equal(status(berlinOffice, '2026-12-04T17:00:00Z'), '2026-12-07T08:00:00.000Z');
  });

  test('closed dates are skipped, across the weekend and the next week', () => {
    // Wednesday 23 December after hours: the 24th and 25th are closed, then the weekend.
    assert.equal(status(berlinOffice, '2026-12-23T16:30:00Z'), '2026-12-28T08:00:00.000Z');
    assert.equal(status(berlinOffice, '2026-12-24T10:00:00Z'), '2026-12-28T08:00:00.000Z');
  });

  test('closed dates are whole days of the schedule’s zone, not of UTC', () => {
    const late = schedule({ timeZone: 'Europe/Berlin', weekly: { thu: [['00:00', '02:00']] }, closed: ['2026-12-24'] });
    // 23:30 UTC on the 23rd is 00:30 on the 24th in Berlin: closed; the next Thursday opens.
    assert.equal(status(late, '2026-12-23T23:30:00Z'), '2026-12-30T23:00:00.000Z');
  });

  test('several ranges a day: the lunch break is closed until the afternoon', () => {
    const split = schedule({
      timeZone: 'Europe/Berlin',
      weekly: {
        mon: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
      },
    });
    assert.equal(status(split, '2026-12-07T09:00:00Z'), 'open'); // 10:00
    assert.equal(status(split, '2026-12-07T11:30:00Z'), '2026-12-07T12:00:00.000Z'); // 12:30 → 13:00
    assert.equal(status(split, '2026-12-07T12:00:00Z'), 'open');
  });

  test('"24:00" ends a day, and a night shift runs on into the next day', () => {
    const night = schedule({
      timeZone: 'Europe/Berlin',
      weekly: { fri: [['18:00', '24:00']], sat: [['00:00', '06:00']] },
    });
    assert.equal(status(night, '2026-12-04T22:59:59Z'), 'open'); // Friday 23:59:59
    assert.equal(status(night, '2026-12-04T23:00:00Z'), 'open'); // Saturday 00:00
    assert.equal(status(night, '2026-12-05T04:59:00Z'), 'open');
    assert.equal(status(night, '2026-12-05T05:00:00Z'), '2026-12-11T17:00:00.000Z'); // Saturday 06:00 → next Friday 18:00
  });

  test('spring forward (29 March 2026): the day is 23 hours, and Monday opens at 09:00 summer time', () => {
    const sunday = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: [['01:00', '05:00']], mon: OFFICE } });
    assert.equal(status(sunday, '2026-03-29T00:00:00Z'), 'open'); // 01:00 CET
    assert.equal(status(sunday, '2026-03-29T02:59:00Z'), 'open'); // 04:59 CEST
    assert.equal(status(sunday, '2026-03-29T03:00:00Z'), '2026-03-30T07:00:00.000Z'); // 05:00 CEST → Monday 09:00 CEST
    // The week before, 09:00 was still 08:00 UTC.
    assert.equal(status(sunday, '2026-03-22T20:00:00Z'), '2026-03-23T08:00:00.000Z');
  });

  test('spring forward: a range starting in the skipped hour starts an hour later (02:30 → 03:30)', () => {
    const gap = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: [['02:30', '04:00']] } });
    assert.equal(status(gap, '2026-03-29T00:00:00Z'), '2026-03-29T01:30:00.000Z');
    assert.equal(status(gap, '2026-03-29T01:45:00Z'), 'open');
    assert.equal(status(gap, '2026-03-29T02:00:00Z'), '2026-04-05T00:30:00.000Z'); // 04:00 CEST ends it
  });

  test('fall back (25 October 2026): the day is 25 hours, and the repeated hour opens at its first occurrence', () => {
    const sunday = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: [['00:00', '06:00']], mon: OFFICE } });
    assert.equal(status(sunday, '2026-10-24T22:00:00Z'), 'open'); // 00:00 CEST
    assert.equal(status(sunday, '2026-10-25T04:59:00Z'), 'open'); // 05:59 CET: seven hours later
    assert.equal(status(sunday, '2026-10-25T05:00:00Z'), '2026-10-26T08:00:00.000Z'); // → Monday 09:00 CET
    const repeated = schedule({ timeZone: 'Europe/Berlin', weekly: { sun: [['02:30', '03:00']] } });
    assert.equal(status(repeated, '2026-10-24T23:00:00Z'), '2026-10-25T00:30:00.000Z'); // 02:30 CEST
    assert.equal(status(repeated, '2026-10-25T01:30:00Z'), 'open'); // 02:30 CET, still before 03:00 CET
    assert.equal(status(repeated, '2026-10-25T02:00:00Z'), '2026-11-01T01:30:00.000Z');
  });
});

describe('America/New_York', () => {
  const ny = schedule({
    timeZone: 'America/New_York',
    weekly: { mon: OFFICE, fri: OFFICE, sun: [['01:30', '03:00']] },
  });

  test('spring forward (8 March 2026): Friday evening → Monday 09:00 EDT, 13:00 UTC', () => {
    assert.equal(status(ny, '2026-03-06T23:00:00Z'), '2026-03-08T06:30:00.000Z'); // Sunday 01:30 EST
    assert.equal(status(ny, '2026-03-08T06:30:00Z'), 'open');
    assert.equal(status(ny, '2026-03-08T06:59:00Z'), 'open'); // 01:59 EST; 03:00 EDT is 07:00 UTC
    assert.equal(status(ny, '2026-03-08T07:00:00Z'), '2026-03-09T13:00:00.000Z');
  });

  test('fall back (1 November 2026): 01:30 happens twice, the range runs from the first to 03:00 EST', () => {
    assert.equal(status(ny, '2026-10-31T12:00:00Z'), '2026-11-01T05:30:00.000Z'); // 01:30 EDT
    assert.equal(status(ny, '2026-11-01T07:59:00Z'), 'open'); // 02:59 EST
    assert.equal(status(ny, '2026-11-01T08:00:00Z'), '2026-11-02T14:00:00.000Z'); // Monday 09:00 EST
  });
});

describe('parseBusinessHours refuses, saying what is wrong', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', '09-17', /JSON object/],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis', weekly: { mon: OFFICE } }, /IANA time zone.*Atlantis/],
    ['no weekly', { timeZone: 'UTC' }, /needs "weekly"/],
    ['an unknown day', { timeZone: 'UTC', weekly: { monday: OFFICE } }, /"monday".*mon, tue/],
    ['a time out of range', { timeZone: 'UTC', weekly: { mon: [['09:00', '25:00']] } }, /weekly\.mon.*25:00/],
    ['a range ending before it starts', { timeZone: 'UTC', weekly: { mon: [['17:00', '09:00']] } }, /start before end/],
    ['a range starting at 24:00', { timeZone: 'UTC', weekly: { mon: [['24:00', '24:00']] } }, /start before end/],
    [
      'overlapping ranges',
      {
        timeZone: 'UTC',
        weekly: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '14:00'],
          ],
        },
      },
      /overlapping/,
    ],
    ['no hours at all', { timeZone: 'UTC', weekly: { mon: [], sun: [] } }, /never be open/],
    ['a date that does not exist', { timeZone: 'UTC', weekly: { mon: OFFICE }, closed: ['2026-02-30'] }, /YYYY-MM-DD/],
  ];
  for (const [what, value, message] of cases) {
    test(what, () => {
      const parsed = parseBusinessHours(value);
      assert.ok('problem' in parsed, `accepted ${JSON.stringify(value)}`);
      assert.match(parsed.problem, message);
    });
  }
});
