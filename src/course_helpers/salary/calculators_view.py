"""ipywidgets views for the salary calculators: they only wire controls to the models and render results.

Each public function returns an ipywidgets container (nothing is displayed here), so a view works the
same in a notebook, in tests and as a standalone Voila page. Bad input shows a one-line message.
"""

from __future__ import annotations

import base64
import re
from html import escape, unescape

import ipywidgets as widgets

from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.money import money
from course_helpers.display.palette import ERROR_TEXT
from course_helpers.errors import CourseInputError
from course_helpers.salary import live_charts_view as live
from course_helpers.salary.accuracy_value import productivity_model
from course_helpers.salary.estimate import Estimate, Profile, estimate
from course_helpers.salary.pay_data import load_bls, load_careers, load_salary
from course_helpers.salary.payback import certification_payback_model
from course_helpers.salary.projection import project_career, role_labels

_WIDE = {"description_width": "150px"}
_LAYOUT = {"width": "420px", "max_width": "100%"}
NO_ROLE = "(end of path)"


def _verdict_html(verdict: str, source: str) -> str:
    """The verdict and, in small text beside it, its source: on screen for everyone, not on hover only."""
    if not source or source == verdict:
        return escape(verdict)
    return f"{escape(verdict)}<br><small>Source: {escape(source)}</small>"


def breakdown_html(est: Estimate) -> str:
    """Return the estimate's breakdown as an HTML table (factor, detail, low, typical, high, verdict)."""
    head = "".join(f"<th>{h}</th>" for h in ("Factor", "How", "Low", "Typical", "High", "Verdict"))
    body = []
    for c in est.breakdown:
        cells = [
            escape(c.label),
            escape(c.detail),
            money(c.low),
            money(c.typical),
            money(c.high),
            _verdict_html(c.verdict, c.source),
        ]
        body.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    total = [f"<b>{x}</b>" for x in ("Estimate", "", money(est.low), money(est.typical), money(est.high), "")]
    body.append("<tr>" + "".join(f"<td>{x}</td>" for x in total) + "</tr>")
    rows = "".join(body)
    return (
        '<div class="course-scroll" aria-label="Salary estimate breakdown">'
        f'<table class="salary-breakdown"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )


class _Calculator(widgets.VBox):
    """Shared frame: controls, a one-line summary, an error line, a chart and an optional table."""

    def __init__(self, controls: list[widgets.Widget], chart: live.LiveChart) -> None:
        super().__init__()
        self.summary = live_region(widgets.HTML())  # the result in one line, read out after each change
        self.message = live_region(widgets.HTML())
        # the chart as <img alt=...> in an HTML widget: ipywidgets' Image has no alt text, and setting its
        # tooltip breaks its view in ipywidgets 8.1.9 ("Failed to create view for 'ImageView'")
        self.chart = widgets.HTML()
        self.chart_png = b""
        self.table = widgets.HTML()
        # one figure, updated in place: artists move, the background is kept as pixels (live_charts_view)
        self.live = chart
        self.figure, self.axes = chart.figure, chart.axes
        self._png = b""
        self.controls = controls
        for control in controls:
            control.observe(self.update, names="value")
        self.children = [widgets.VBox(controls), self.summary, self.message, self.chart, self.table]
        with_keyboard_support(self)

    def _compute(self) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def update(self, _change: object = None) -> None:
        """Recompute the model from the controls and redraw; show a one-line message on bad input."""
        try:
            self._compute()
        except CourseInputError as error:
            self.message.value = f'<span style="color:{ERROR_TEXT}">Check the input. {escape(str(error))}</span>'
            return
        self.message.value = ""
        self.chart_png = self._png
        data = base64.b64encode(self._png).decode("ascii")
        alt = escape(self.chart_alt(), quote=True)
        self.chart.value = f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%;height:auto">'

    def chart_alt(self) -> str:
        """A text alternative for the chart: its title and the numbers the summary line states."""
        title = self.axes.get_title() or "Chart"
        summary = re.sub(r"<[^>]+>", "", self.summary.value)
        return f"Chart: {title}. {unescape(summary)}"


def _dropdown(description: str, options: list[tuple[str, str]], value: str) -> widgets.Dropdown:
    # as wide as the longest option in the page's own font and text spacing (up to the output's width), so a
    # choice is never cut off mid-phrase
    layout = {
        "width": "max-content",
        # never wider than its column (less its margins): reflow at 320 px
        "min_width": f"min({_LAYOUT['width']}, 100% - 2 * var(--jp-widgets-margin, 2px))",
        "max_width": "100%",
    }
    return widgets.Dropdown(description=description, options=options, value=value, style=_WIDE, layout=layout)


class SalaryCalculator(_Calculator):
    """Salary estimate with its breakdown, charted against the guide's bands and BLS percentiles."""

    def __init__(self, profile: Profile | None = None) -> None:
        data = load_salary()
        p = profile or Profile()
        opts = {f: [(o.label, o.key) for o in data.options[f]] for f in data.options}
        self.level = _dropdown("Level", [(lv.label, lv.key) for lv in data.levels], p.level)
        self.years = widgets.IntSlider(
            description="Years of experience", min=0, max=50, value=int(p.years), style=_WIDE, layout=_LAYOUT
        )
        self.certified = widgets.Checkbox(description="Certified (CCS or RHIT)", value=p.certified)
        self.region = _dropdown("Location", opts["region"], p.region)
        self.hospital = _dropdown("Hospital", opts["hospital"], p.hospital)
        self.specialty = _dropdown("Specialization", opts["specialty"], p.specialty)
        self.shift = _dropdown("Shift", opts["shift"], p.shift)
        self.remote = widgets.Checkbox(description="Remote", value=p.remote)
        self.bonus = widgets.Checkbox(description="Productivity bonus", value=p.bonus)
        self.estimate: Estimate | None = None
        super().__init__(
            [
                self.level,
                self.years,
                self.certified,
                self.region,
                self.hospital,
                self.specialty,
                self.shift,
                self.remote,
                self.bonus,
            ],
            live.EstimateChart(load_salary(), load_bls()),
        )
        self.update()

    def profile(self) -> Profile:
        """Return the profile the controls describe."""
        return Profile(
            level=self.level.value,
            years=self.years.value,
            certified=self.certified.value,
            region=self.region.value,
            hospital=self.hospital.value,
            specialty=self.specialty.value,
            shift=self.shift.value,
            remote=self.remote.value,
            bonus=self.bonus.value,
        )

    def _compute(self) -> None:
        est = estimate(self.profile())
        self.estimate = est
        median = load_bls().percentiles.get("median").value
        self.summary.value = (
            f"<b>Estimate: {money(est.typical)}</b> (range {money(est.low)} to {money(est.high)}). "
            "BLS median for the whole occupation (May 2023, as reported by pages reproducing BLS data): "
            f"{money(median)}. Every factor below is the guide's unverified figure or a labelled course assumption; "
            "each verdict names its source."
        )
        self.table.value = breakdown_html(est)
        self._png = self.live.update(est)


class CareerPathProjector(_Calculator):
    """Choose up to five roles and the years in each; see salary by year as a fan chart."""

    MAX_STEPS = 5

    def __init__(self) -> None:
        example = load_careers().example_path
        roles = [(label, key) for key, label in role_labels().items()] + [(NO_ROLE, NO_ROLE)]
        self.step_roles: list[widgets.Dropdown] = []
        self.step_years: list[widgets.IntSlider] = []
        rows = []
        for i in range(self.MAX_STEPS):
            step = example.steps[i] if i < len(example.steps) else None
            role = _dropdown(f"Step {i + 1}", roles, step.role if step else NO_ROLE)
            years = widgets.IntSlider(
                description=f"Years in step {i + 1}",  # a name of its own: five sliders called "years" are one
                min=1,
                max=15,
                value=int(step.years) if step else 2,
                style={"description_width": "initial"},
                layout={"width": "340px", "max_width": "100%"},
            )
            self.step_roles.append(role)
            self.step_years.append(years)
            rows.append(widgets.HBox([role, years], layout={"flex_flow": "row wrap"}))  # wraps at 200% zoom
        self.certify = widgets.Checkbox(description="Earn the CCS", value=example.certify_after_years is not None)
        self.certify_after = widgets.IntSlider(
            description="CCS after year",
            min=0,
            max=20,
            value=int(example.certify_after_years or 2),
            style={"description_width": "initial"},
            layout={"max_width": "100%"},
        )
        self.horizon = widgets.IntSlider(
            description="Years shown", min=5, max=20, value=15, style=_WIDE, layout=_LAYOUT
        )
        self.projection = None
        controls = [
            *rows,
            widgets.HBox([self.certify, self.certify_after], layout={"flex_flow": "row wrap"}),
            self.horizon,
        ]
        super().__init__(controls, live.ProjectionChart())
        for control in [*self.step_roles, *self.step_years, self.certify, self.certify_after]:
            control.observe(self.update, names="value")
        self.update()

    def steps(self) -> list[tuple[str, int]]:
        """Return the path the controls describe, stopping at the first empty step."""
        result = []
        for role, years in zip(self.step_roles, self.step_years, strict=True):
            if role.value == NO_ROLE:
                break
            result.append((role.value, years.value))
        return result

    def _compute(self) -> None:
        certify = self.certify_after.value if self.certify.value else None
        projection = project_career(self.steps(), self.horizon.value, certify)
        self.projection = projection
        last = projection.frame.iloc[-1]
        self.summary.value = (
            f"Year {int(last['year'])}: <b>{money(last['typical'])}</b> as {escape(last['label'])} "
            f"(band {money(last['low'])} to {money(last['high'])}). The guide's bands are "
            "unverified; a step down at a promotion means its figures do not fit together."
        )
        # the axes span the longest horizon the slider allows, so moving it redraws only the data
        longest = project_career(self.steps(), self.horizon.max, certify)
        self._png = self.live.update(projection, self.horizon.max, float(longest.frame["high"].max()))


class CertificationPayback(_Calculator):
    """Costs, study time and the expected premium give the break-even month and the 5-year net gain."""

    def __init__(self) -> None:
        d = load_careers().payback_defaults
        self.program_cost = widgets.FloatText(description="Program cost ($)", value=d.program_cost, style=_WIDE)
        self.exam_cost = widgets.FloatText(description="Exam fee ($)", value=d.exam_cost, style=_WIDE)
        self.study_months = widgets.IntSlider(
            description="Study months", min=0, max=24, value=d.study_months, style=_WIDE, layout=_LAYOUT
        )
        self.current_salary = widgets.FloatText(description="Current salary ($)", value=d.current_salary, style=_WIDE)
        self.premium = widgets.FloatSlider(
            description="Pay premium",
            min=0,
            max=0.4,
            step=0.01,
            value=d.premium,
            readout_format=".0%",
            style=_WIDE,
            layout=_LAYOUT,
        )
        self.result = None
        super().__init__(
            [self.program_cost, self.exam_cost, self.study_months, self.current_salary, self.premium],
            live.PaybackChart(),
        )
        self.update()

    def _compute(self) -> None:
        result = certification_payback_model(
            self.program_cost.value,
            self.exam_cost.value,
            self.study_months.value,
            self.current_salary.value,
            self.premium.value,
        )
        self.result = result
        when = f"month {result.break_even_month}" if result.break_even_month is not None else "never (no premium)"
        self.summary.value = (
            f"Cost {money(result.total_cost)}; premium {money(result.monthly_premium)} a month "
            f"once certified. Break-even: <b>{when}</b>. Net after 5 years: "
            f"<b>{money(result.net_gain_5y)}</b>."
        )
        self._png = self.live.update(result)


class ProductivityCalculator(_Calculator):
    """Charts a day and accuracy give charts and errors a month and what missed CCs/MCCs cost."""

    def __init__(self) -> None:
        d = load_careers().productivity_defaults
        scenarios = [(s.label, s.key) for s in load_careers().drg_error_scenarios]
        self.charts_per_day = widgets.FloatSlider(
            description="Charts a day",
            min=1,
            max=40,
            step=0.5,
            value=d.charts_per_day,
            style=_WIDE,
            layout=_LAYOUT,
        )
        self.accuracy = widgets.FloatSlider(
            description="Accuracy",
            min=0.8,
            max=1.0,
            step=0.005,
            value=d.accuracy,
            readout_format=".1%",
            style=_WIDE,
            layout=_LAYOUT,
        )
        self.scenario = _dropdown("Error", scenarios, scenarios[0][1])
        self.share = widgets.FloatSlider(
            description="Errors of this kind",
            min=0,
            max=1,
            step=0.05,
            value=d.drg_error_share,
            readout_format=".0%",
            style=_WIDE,
            layout=_LAYOUT,
        )
        self.base_rate = widgets.FloatText(description="Base rate ($)", value=d.base_rate, style=_WIDE)
        self.result = None
        super().__init__(
            [self.charts_per_day, self.accuracy, self.scenario, self.share, self.base_rate],
            live.ProductivityChart(),
        )
        self.update()

    def _compute(self) -> None:
        result = productivity_model(
            self.charts_per_day.value,
            self.accuracy.value,
            self.scenario.value,
            base_rate=self.base_rate.value,
            drg_error_share=self.share.value,
        )
        self.result = result
        self.summary.value = (
            f"{result.charts_per_month:,.0f} charts a month, "
            f"about <b>{result.errors_per_month:,.1f} errors</b>. "
            f"Each error of this kind ({escape(result.error_label)}): {money(result.cost_per_error)} "
            f"(({result.correct_weight:.4f} − {result.coded_weight:.4f}) × base rate {money(result.base_rate)}: "
            "the difference between the two DRG weights, times the base rate). "
            f"A month's errors of this kind: <b>{money(result.monthly_cost)}</b>. "
            f"Weights: {escape(result.weight_source)}; the base rate is yours to set."
        )
        self._png = self.live.update(result)


def salary_calculator() -> SalaryCalculator:
    """Return the salary calculator: profile controls, estimate, breakdown table and chart."""
    return SalaryCalculator()


def career_path_projector() -> CareerPathProjector:
    """Return the career-path projector: pick roles and years, see a fan chart of salary by year."""
    return CareerPathProjector()


def certification_payback() -> CertificationPayback:
    """Return the certification payback calculator: break-even month and net gain after 5 years."""
    return CertificationPayback()


def productivity_calculator() -> ProductivityCalculator:
    """Return the productivity calculator: charts, errors and the cost of a missed CC/MCC."""
    return ProductivityCalculator()
