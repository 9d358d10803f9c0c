// When an item airs: the fields the compose form and a saved schedule's form
// share (once, a daily/weekly/monthly rule, a holiday), the spec they send,
// and the holidays they offer. Each form keeps its state in `f` and patches
// it with `set`; the form's own choices (now, cron) come in through `choices`.
import { useMemo } from 'preact/hooks';
import { html, localDate, useApi, zonedIso } from './lib.js';
import { t } from './i18n.js';
import { DateInput, showDate, TimeInput } from './components.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
/** The days around a holiday offered to everyone; a schedule saved through the API may hold others. */
export const HOLIDAY_OFFSETS = [-1, 0, 1, 2];

/** Holidays with their next date from today (this year's, or next year's once past), for the holiday picker and descriptions. */
export function useHolidays() {
  const year = new Date().getFullYear();
  const [thisYear] = useApi(`/calendar/holidays?year=${year}`);
  const [nextYear] = useApi(`/calendar/holidays?year=${year + 1}`);
  return useMemo(() => {
    if (!thisYear || !nextYear) return null;
    const today = localDate(new Date());
    return thisYear.map((h) => (h.date >= today ? h : (nextYear.find((n) => n.id === h.id) ?? h))).sort((a, b) => a.date.localeCompare(b.date));
  }, [thisYear, nextYear]);
}

/** The schedule spec (POST/PUT /schedules) of the fields below; `now` and `cron` are the form's own. */
export function whenSpec(f) {
  if (f.when === 'once') return { kind: 'once', at: zonedIso(f.date, f.time) };
  if (f.when === 'holiday') return { kind: 'holiday', holiday: { holidayId: f.holidayId, offsets: f.offsets, times: f.times } };
  const rule = { freq: f.freq, times: f.times };
  if (f.freq === 'weekly') rule.weekdays = f.weekdays;
  if (f.freq === 'monthly') rule.monthDay = Number(f.monthDay);
  if (f.from) rule.from = f.from;
  if (f.until) rule.until = f.until;
  return { kind: 'rule', rule };
}

const offsetLabel = (o) => (HOLIDAY_OFFSETS.includes(o) ? t('offset' + o) : o < 0 ? t('daysBefore', { n: -o }) : t('daysAfter', { n: o }));

/** `choices`: the radio buttons, in order; `offsets`: the holiday days to offer; `holidays`: from useHolidays(). */
export function WhenFields({ f, set, choices, holidays, offsets = HOLIDAY_OFFSETS }) {
  return html`
    <fieldset>
      <legend>${t('when')}</legend>
      ${choices.map((w) => html`<label class="check"><input type="radio" name="when" checked=${f.when === w} onChange=${() => set({ when: w })} /> ${t('when_' + w)}</label>`)}
    </fieldset>

    ${f.when === 'once' &&
    html`<div class="two">
      <div><label for="date">${t('date')}</label><${DateInput} id="date" value=${f.date} onChange=${(date) => set({ date })} required /></div>
      <div><label for="time">${t('time')}</label><${TimeInput} id="time" value=${f.time} onChange=${(time) => set({ time })} required /></div>
    </div>`}

    ${f.when === 'cron' &&
    html`<label for="cron">${t('cronExpression')}</label>
      <input id="cron" value=${f.cron} onInput=${(e) => set({ cron: e.currentTarget.value })} />`}

    ${f.when === 'rule' &&
    html`
      <label for="freq">${t('repeats')}</label>
      <select id="freq" value=${f.freq} onChange=${(e) => set({ freq: e.currentTarget.value })}>
        <option value="daily">${t('freq_daily')}</option>
        <option value="weekly">${t('freq_weekly')}</option>
        <option value="monthly">${t('freq_monthly')}</option>
      </select>
      ${f.freq === 'weekly' && html`<${CheckSet} legend=${t('weekdays')} options=${WEEKDAYS} value=${f.weekdays} label=${(d) => t('wd' + d)} onChange=${(weekdays) => set({ weekdays })} />`}
      ${f.freq === 'monthly' &&
      html`<label for="monthDay">${t('monthDay')}</label>
        <input id="monthDay" type="number" min="1" max="31" value=${f.monthDay} onInput=${(e) => set({ monthDay: e.currentTarget.value })} />`}
      <${TimesOfDay} f=${f} set=${set} />
      <div class="two">
        <div><label for="from">${t('fromDate')}</label><${DateInput} id="from" value=${f.from} onChange=${(from) => set({ from })} /></div>
        <div><label for="until">${t('untilDate')}</label><${DateInput} id="until" value=${f.until} onChange=${(until) => set({ until })} /></div>
      </div>
    `}

    ${f.when === 'holiday' &&
    html`
      <label for="holiday">${t('holiday')}</label>
      <select id="holiday" value=${f.holidayId} onChange=${(e) => set({ holidayId: e.currentTarget.value })}>
        ${(holidays ?? []).map((h) => html`<option value=${h.id}>${h.name} (${showDate(h.date)})</option>`)}
      </select>
      <${CheckSet} legend=${t('holidayDays')} options=${offsets} value=${f.offsets} label=${offsetLabel} onChange=${(chosen) => set({ offsets: chosen })} />
      <${TimesOfDay} f=${f} set=${set} />
    `}
  `;
}

/** A checkbox for each of `options` (numbers); `value` the ones ticked, kept in ascending order. */
function CheckSet({ legend, options, value, label, onChange }) {
  return html`<fieldset class="inline">
    <legend>${legend}</legend>
    ${options.map(
      (o) => html`<label class="check"
        ><input type="checkbox" checked=${value.includes(o)} onChange=${(e) => onChange(e.currentTarget.checked ? [...value, o].sort((a, b) => a - b) : value.filter((x) => x !== o))} />
        ${label(o)}</label
      >`,
    )}
  </fieldset>`;
}

/** The times of day a rule or a holiday airs at. */
function TimesOfDay({ f, set }) {
  return html`
    <fieldset>
      <legend>${t('timesOfDay')}</legend>
      ${f.times.map(
        (tm, i) => html`<div class="row">
          <${TimeInput} aria-label=${t('timeN', { n: i + 1 })} value=${tm} onChange=${(v) => set({ times: f.times.map((x, j) => (j === i ? v : x)) })} required />
          ${f.times.length > 1 && html`<button type="button" class="ghost" onClick=${() => set({ times: f.times.filter((_, j) => j !== i) })}>${t('remove')}</button>`}
        </div>`,
      )}
      <button type="button" class="ghost" onClick=${() => set({ times: [...f.times, '17:00'] })}>+ ${t('addTime')}</button>
    </fieldset>
  `;
}
