"""The shift report's own words in English, Korean and Russian, and how each language writes numbers.

Plain Python (the reports layer may not import Qt, and reports are also written
from a shell): one entry per string, every language side by side so a missing
or stale translation shows in review and in ``tests/test_report_language.py``.
The words are the ones a QA lead on the line uses (ko: 과검 for a false reject,
ru: ОТК for QA), not a literal rendering of the English.
"""

from __future__ import annotations

import datetime as dt
import string

LANGUAGES = ("en", "ko", "ru")
NBSP = "\u00a0"

STRINGS: dict[str, dict[str, str]] = {
    # -- page frame ------------------------------------------------------------------------------
    "title": {"en": "Shift report {label}", "ko": "교대 보고서 {label}", "ru": "Отчёт за смену {label}"},
    "footer": {
        "en": "{plant} · {title} · generated {when}",
        "ko": "{plant} · {title} · 작성 {when}",
        "ru": "{plant} · {title} · сформирован {when}",
    },
    "page": {"en": "Page {number} of {total}", "ko": "{number} / {total} 쪽", "ru": "Стр. {number} из {total}"},
    "subject": {
        "en": "Inspection station shift report",
        "ko": "검사 스테이션 교대 보고서",
        "ru": "Отчёт станции контроля за смену",
    },
    # -- header ----------------------------------------------------------------------------------
    "plant": {"en": "Plant", "ko": "공장", "ru": "Предприятие"},
    "line": {"en": "Line", "ko": "라인", "ru": "Линия"},
    "station": {"en": "Station", "ko": "스테이션", "ru": "Станция"},
    "all": {"en": "all", "ko": "전체", "ru": "все"},
    "shift": {"en": "Shift", "ko": "교대조", "ru": "Смена"},
    "generated": {"en": "Generated", "ko": "작성 시각", "ru": "Дата отчёта"},
    "timezone": {"en": "Timezone", "ko": "시간대", "ru": "Часовой пояс"},
    "recipes": {"en": "Recipes", "ko": "레시피", "ru": "Рецепты"},
    "recipe_parts": {"en": "{recipe} ({count} parts)", "ko": "{recipe} ({count}개)", "ru": "{recipe} ({count} шт.)"},
    "models": {"en": "Models", "ko": "모델", "ru": "Модели"},
    # -- key figures -----------------------------------------------------------------------------
    "key_figures": {"en": "Key figures", "ko": "주요 지표", "ru": "Основные показатели"},
    "inspected": {"en": "Inspected", "ko": "검사 수량", "ru": "Проверено"},
    "ok": {"en": "OK", "ko": "양품", "ru": "Годные"},
    "ng": {"en": "NG", "ko": "불량", "ru": "Брак"},
    "yield": {"en": "Yield", "ko": "수율", "ru": "Выход годных"},
    "ng_rate": {"en": "NG rate", "ko": "불량률", "ru": "Доля брака"},
    "errors": {"en": "Errors", "ko": "오류", "ru": "Ошибки"},
    "not_inspected": {"en": "Not inspected", "ko": "미검사", "ru": "Не проверено"},
    "not_recorded": {"en": "Inspected, not recorded", "ko": "검사 후 기록 누락", "ru": "Проверено, не записано"},
    "why": {"en": "Why", "ko": "사유", "ru": "Причина"},
    "none": {"en": "none", "ko": "없음", "ru": "нет"},
    "cause_dropped": {"en": "dropped", "ko": "처리 누락", "ru": "пропущено"},
    "cause_offline": {"en": "offline", "ko": "카메라 중단", "ru": "камера недоступна"},
    "parts_per_s": {"en": "Parts/s", "ko": "처리량 (개/초)", "ru": "Деталей/с"},
    "latency_p50": {"en": "Latency p50", "ko": "처리 시간 p50", "ru": "Время обработки p50"},
    "latency_p95": {"en": "Latency p95", "ko": "처리 시간 p95", "ru": "Время обработки p95"},
    "ms": {"en": "{value} ms", "ko": "{value} ms", "ru": "{value} мс"},
    "active_note": {
        "en": "Parts/s while running: {parts} parts in {active} of running time (pauses over {idle} s left out).",
        "ko": "가동 중 처리량: 가동 시간 {active} 동안 {parts}개 ({idle}초 넘는 정지는 제외).",
        "ru": "Деталей/с во время работы: {parts} шт. за {active} работы (паузы дольше {idle} с не учтены).",
    },
    "active_none": {
        "en": "Parts/s: no two consecutive parts within {idle} s, so no running rate can be given.",
        "ko": "처리량: {idle}초 이내에 연속된 부품이 없어 가동 중 처리량을 낼 수 없습니다.",
        "ru": "Деталей/с: нет двух деталей подряд с интервалом до {idle} с, скорость работы не определена.",
    },
    "hours_minutes": {
        "en": "{hours} h {minutes} min",
        "ko": "{hours}시간 {minutes}분",
        "ru": "{hours} ч {minutes} мин",
    },
    "minutes_only": {"en": "{minutes} min", "ko": "{minutes}분", "ru": "{minutes} мин"},
    # -- charts ----------------------------------------------------------------------------------
    "pareto": {"en": "Defects by type (Pareto)", "ko": "유형별 불량 (파레토)", "ru": "Дефекты по типам (Парето)"},
    "hourly": {"en": "NG rate per hour (%)", "ko": "시간대별 불량률 (%)", "ru": "Доля брака по часам (%)"},
    "no_data": {"en": "no data", "ko": "데이터 없음", "ru": "нет данных"},
    "no_box": {"en": "no box", "ko": "위치 없음", "ru": "без рамки"},
    # -- QA --------------------------------------------------------------------------------------
    "qa_outcome": {"en": "QA outcome", "ko": "QA 판정 결과", "ru": "Решения ОТК"},
    "confirmed": {"en": "Confirmed", "ko": "불량 확정", "ru": "Брак подтверждён"},
    "false_rejects": {"en": "False rejects", "ko": "과검", "ru": "Ложная отбраковка"},
    "wrong_type": {"en": "Wrong type", "ko": "유형 정정", "ru": "Неверный тип"},
    "pending": {"en": "Pending", "ko": "판정 대기", "ru": "Ожидают решения"},
    "false_reject_rate": {"en": "False-reject rate", "ko": "과검률", "ru": "Доля ложной отбраковки"},
    "rate_with_ci": {
        "en": "{rate} of {n} decisions (95 % CI {low} – {high})",
        "ko": "판정 {n}건 중 {rate} (95 % 신뢰구간 {low} – {high})",
        "ru": "{rate} из {n} решений (95 % ДИ {low} – {high})",
    },
    "decision_times": {
        "en": "Time to decision: median {shown} on screen (90 % within {p90}; decisions timed: {n}); "
        "flagged parts waited a median {waited} from inspection to decision (decisions: {m}).",
        "ko": "판정 소요 시간: 화면 표시 후 중앙값 {shown} (90 %는 {p90} 이내, 측정된 판정 {n}건); "
        "불량 판정 부품은 검사부터 QA 판정까지 중앙값 {waited} 대기 (판정 {m}건).",
        "ru": "Время до решения: медиана {shown} на экране (90 % быстрее {p90}; измерено решений: {n}); "
        "от проверки до решения ОТК отбракованные детали ждали в медиане {waited} (решений: {m}).",
    },
    "decision_confirmed": {"en": "confirmed", "ko": "불량 확정", "ru": "брак подтверждён"},
    "decision_false_reject": {"en": "false reject", "ko": "과검", "ru": "ложная отбраковка"},
    "decision_wrong_type": {"en": "wrong type", "ko": "유형 정정", "ru": "неверный тип"},
    "top_flagged": {
        "en": "Flagged parts with the highest scores",
        "ko": "불량 점수 상위 부품",
        "ru": "Отбракованные детали с наибольшей оценкой",
    },
    "image_pruned": {"en": "image pruned", "ko": "이미지 삭제됨", "ru": "снимок удалён"},
    "score": {"en": "score {value}", "ko": "점수 {value}", "ru": "оценка {value}"},
    # -- the line (PLC, OPC UA, MQTT, remote I/O) --------------------------------------------------
    "line_io": {"en": "Line interfaces", "ko": "라인 연동", "ru": "Связь с линией"},
    "parts_triggered": {"en": "Parts triggered", "ko": "트리거 수신 부품", "ru": "Запусков от линии"},
    "results_sent": {"en": "Results sent", "ko": "결과 전송", "ru": "Отправлено результатов"},
    "late": {"en": "Late (past deadline)", "ko": "지연 (기한 초과)", "ru": "С опозданием (после срока)"},
    "failsafe_rejects": {"en": "Fail-safe rejects", "ko": "페일세이프 배출", "ru": "Аварийная отбраковка"},
    "failsafe_all": {"en": "Fail-safe verdicts", "ko": "페일세이프 판정", "ru": "Аварийных решений"},
    "overflows": {
        "en": "Results lost, PLC buffer full",
        "ko": "PLC 버퍼 초과로 누락된 결과",
        "ru": "Потеряно результатов (буфер ПЛК полон)",
    },
    "interface_outages": {"en": "Interface outages", "ko": "연동 끊김", "ru": "Обрывы связи"},
    "iface_modbus_server": {"en": "PLC (Modbus)", "ko": "PLC (Modbus)", "ru": "ПЛК (Modbus)"},
    "iface_remote_io": {"en": "remote I/O", "ko": "원격 I/O", "ru": "удалённый ввод-вывод"},
    "iface_opcua": {"en": "OPC UA", "ko": "OPC UA", "ru": "OPC UA"},
    "iface_mqtt": {"en": "MQTT", "ko": "MQTT", "ru": "MQTT"},
    "line_note": {
        "en": "Fail-safe: the verdict the line gets when the station has none in time (late) or could not "
        "inspect the part; results sent include them.",
        "ko": "페일세이프: 기한 내 판정이 없거나(지연) 부품을 검사할 수 없을 때 라인에 보내는 판정입니다. "
        "결과 전송 수에 포함됩니다.",
        "ru": "Аварийное решение: то, что получает линия, когда у станции нет результата в срок (опоздание) "
        "или деталь не удалось проверить; входит в число отправленных результатов.",
    },
    # -- outages and changes ---------------------------------------------------------------------
    "outages": {"en": "Camera outages", "ko": "카메라 중단", "ru": "Простои камеры"},
    "from": {"en": "From", "ko": "시작", "ru": "С"},
    "to": {"en": "To", "ko": "종료", "ru": "По"},
    "duration": {"en": "Duration", "ko": "지속 시간", "ru": "Длительность"},
    "seconds": {"en": "{value} s", "ko": "{value}초", "ru": "{value} с"},
    "parts_missed": {"en": "Parts missed (est.)", "ko": "누락 부품 (추정)", "ru": "Пропущено деталей (оценка)"},
    "none_sentence": {"en": "None.", "ko": "없음.", "ru": "Нет."},
    "changes": {
        "en": "Threshold and recipe changes",
        "ko": "임계값 및 레시피 변경",
        "ru": "Изменения порога и рецепта",
    },
    "when": {"en": "When", "ko": "일시", "ru": "Когда"},
    "who": {"en": "Who", "ko": "변경자", "ru": "Кто"},
    "what": {"en": "What", "ko": "항목", "ru": "Что"},
    "old_new": {"en": "Old → new", "ko": "변경 전 → 후", "ru": "Было → стало"},
    "action_threshold": {"en": "threshold", "ko": "임계값", "ru": "порог"},
    "action_recipe": {"en": "recipe", "ko": "레시피", "ru": "рецепт"},
    "qa_notes": {"en": "QA notes", "ko": "QA 메모", "ru": "Замечания ОТК"},
    "decided_by": {"en": "Who", "ko": "판정자", "ru": "Кто решил"},
    "decision": {"en": "Decision", "ko": "판정", "ru": "Решение"},
    "note": {"en": "Note", "ko": "메모", "ru": "Замечание"},
    # -- savings ---------------------------------------------------------------------------------
    "savings": {"en": "Savings estimate", "ko": "절감 효과 추정", "ru": "Оценка экономии"},
    "labour": {"en": "Labour freed", "ko": "인건비 절감", "ru": "Экономия труда"},
    "escapes_avoided": {
        "en": "Manual misses avoided",
        "ko": "수검사 미검 방지",
        "ru": "Устранённые пропуски ручного контроля",
    },
    "station_escapes": {"en": "Station escapes (QA)", "ko": "장비 미검 (QA 확인)", "ru": "Пропуски станции (ОТК)"},
    "false_reject_cost": {"en": "False-reject cost", "ko": "과검 비용", "ru": "Потери от ложной отбраковки"},
    "per_shift": {"en": "Savings / shift", "ko": "교대당 절감액", "ru": "Экономия за смену"},
    "per_month": {"en": "Savings / month", "ko": "월 절감액", "ru": "Экономия в месяц"},
    "payback": {"en": "Payback", "ko": "투자 회수 기간", "ru": "Окупаемость"},
    "months": {"en": "{value} months", "ko": "{value}개월", "ru": "{value} мес."},
    "unknown": {"en": "unknown", "ko": "알 수 없음", "ru": "неизвестно"},
    "not_claimed_no_parts": {
        "en": "Nothing claimed: no parts were inspected in this shift.",
        "ko": "이 교대조에 검사한 부품이 없어 절감액을 산정하지 않습니다.",
        "ru": "Экономия не заявляется: за смену не проверено ни одной детали.",
    },
    "not_claimed_reviews": {
        "en": "Not enough reviewed parts: {n} QA decisions, at least {minimum} are needed before a false-reject "
        "rate is applied to the {pending} NG parts still pending. No savings figure is given; review more parts.",
        "ko": "검토된 부품이 부족합니다: QA 판정 {n}건. 판정 대기 중인 불량 {pending}개에 과검률을 적용하려면 "
        "최소 {minimum}건이 필요합니다. 절감액은 산정하지 않습니다. 부품을 더 검토해 주십시오.",
        "ru": "Недостаточно проверенных деталей: решений ОТК {n}, нужно не менее {minimum}, чтобы применять долю "
        "ложной отбраковки к {pending} деталям брака, ожидающим решения. Экономия не рассчитывается; "
        "проверьте больше деталей.",
    },
    "escapes_unknown": {
        "en": "Station escapes: unknown (not recorded by QA), so they are not deducted.",
        "ko": "장비 미검: QA 기록이 없어 알 수 없으며 차감하지 않았습니다.",
        "ru": "Пропуски станции: неизвестно (ОТК не зафиксировал), поэтому не вычтены.",
    },
    "conservative": {
        "en": "Claimed: the low end, with the false-reject rate at its upper 95 % bound; at the rate itself "
        "the shift would save {point}.",
        "ko": "산정 기준: 과검률 95 % 상한을 적용한 보수적 값입니다. 과검률 그대로 적용하면 교대당 {point}입니다.",
        "ru": "Указан нижний предел: доля ложной отбраковки взята по верхней 95 % границе; при самой доле "
        "экономия за смену составила бы {point}.",
    },
    "formula": {
        "en": "Formula: savings per shift = inspector cost/h x inspectors freed x hours with parts + real defects "
        "caught x manual miss rate x cost of an escaped defect - station escapes (QA) x cost of an escaped defect "
        "- rescued false rejects x cost of a false reject - good parts scrapped unreviewed x value of a good "
        "part. Real defects = QA-confirmed + pending NG x (1 - false-reject rate); per month = per shift x "
        "shifts per month; payback = system cost / per month.",
        "ko": "산식: 교대당 절감액 = 검사원 시간당 인건비 x 대체 인원 x 가동 시간 + 검출된 실제 불량 x 수검사 미검률 x "
        "유출 불량 1건 비용 - 장비 미검(QA 확인) x 유출 불량 1건 비용 - 재검으로 구제된 과검 x 과검 1건 비용 - "
        "검토 없이 폐기된 양품 x 양품 1개 가치. 실제 불량 = QA 확정 + 판정 대기 불량 x (1 - 과검률); "
        "월 절감액 = 교대당 절감액 x 월 교대 수; 투자 회수 기간 = 장비 가격 / 월 절감액.",
        "ru": "Формула: экономия за смену = стоимость часа контролёра x высвобождено контролёров x часы с деталями "
        "+ пойманные дефекты x доля пропусков ручного контроля x стоимость пропущенного дефекта - пропуски станции "
        "(ОТК) x стоимость пропущенного дефекта - спасённые ложно отбракованные x стоимость перепроверки - годные, "
        "списанные без проверки x стоимость годной детали. Пойманные дефекты = подтверждённые ОТК + ожидающие "
        "решения x (1 - доля ложной отбраковки); в месяц = за смену x смен в месяц; окупаемость = стоимость "
        "системы / экономия в месяц.",
    },
    "inputs": {
        "en": "Inputs ({currency}): inspector {rate}/h x {inspectors}, hours with parts {hours}, escaped defect "
        "{escape}, manual miss rate {miss}, false reject {false_reject}, good part {part}, system {system}, "
        "{shifts} shifts/month. Shift: NG {ng}, QA decisions {reviewed} (confirmed {confirmed}, false rejects "
        "{false_rejects}), pending {pending}, station escapes {escapes}.",
        "ko": "입력값 ({currency}): 검사원 시간당 {rate} x {inspectors}명, 가동 시간 {hours}, 유출 불량 {escape}, "
        "수검사 미검률 {miss}, 과검 {false_reject}, 양품 가치 {part}, 장비 가격 {system}, 월 {shifts}교대. "
        "이번 교대: 불량 {ng}, QA 판정 {reviewed}건 (확정 {confirmed}, 과검 {false_rejects}), 판정 대기 {pending}, "
        "장비 미검 {escapes}.",
        "ru": "Исходные данные ({currency}): контролёр {rate}/ч x {inspectors}, часы с деталями {hours}, "
        "пропущенный дефект {escape}, доля пропусков ручного контроля {miss}, ложная отбраковка {false_reject}, "
        "годная деталь {part}, система {system}, смен в месяц {shifts}. Смена: брак {ng}, решений ОТК {reviewed} "
        "(подтверждено {confirmed}, ложная отбраковка {false_rejects}), ожидают {pending}, пропуски станции "
        "{escapes}.",
    },
    # -- sign-off --------------------------------------------------------------------------------
    "sign_off": {"en": "Sign-off", "ko": "승인", "ru": "Утверждение"},
    "supervisor": {"en": "Supervisor (name)", "ko": "관리자 (성명)", "ru": "Мастер смены (ФИО)"},
    "signature": {"en": "Signature", "ko": "서명", "ru": "Подпись"},
    "date": {"en": "Date", "ko": "날짜", "ru": "Дата"},
    # -- CSV columns -----------------------------------------------------------------------------
    "col_inspected_at": {"en": "inspected_at", "ko": "검사 일시", "ru": "время проверки"},
    "col_station_id": {"en": "station_id", "ko": "스테이션", "ru": "станция"},
    "col_line": {"en": "line", "ko": "라인", "ru": "линия"},
    "col_shift": {"en": "shift", "ko": "교대조", "ru": "смена"},
    "col_recipe": {"en": "recipe", "ko": "레시피", "ru": "рецепт"},
    "col_part_name": {"en": "part_name", "ko": "부품 이름", "ru": "имя детали"},
    "col_part_id": {"en": "part_id", "ko": "부품 ID", "ru": "номер детали"},
    "col_source": {"en": "source", "ko": "입력 소스", "ru": "источник"},
    "col_frame_id": {"en": "frame_id", "ko": "프레임 번호", "ru": "номер кадра"},
    "col_verdict": {"en": "verdict", "ko": "판정", "ru": "результат"},
    "col_score": {"en": "score", "ko": "불량 점수", "ru": "оценка"},
    "col_threshold": {"en": "threshold", "ko": "임계값", "ru": "порог"},
    "col_defect_type": {"en": "defect_type", "ko": "불량 유형", "ru": "тип дефекта"},
    "col_review": {"en": "review", "ko": "QA 판정", "ru": "решение ОТК"},
    "col_detections": {"en": "detections", "ko": "검출 결과", "ru": "обнаружения"},
    "col_total_ms": {"en": "total_ms", "ko": "처리 시간 (ms)", "ru": "время обработки (мс)"},
    "col_error": {"en": "error", "ko": "오류", "ru": "ошибка"},
    "col_started_at": {"en": "started_at", "ko": "시작", "ru": "начало"},
    "col_ended_at": {"en": "ended_at", "ko": "종료", "ru": "конец"},
    "col_triggered": {"en": "triggered", "ko": "트리거 수신", "ru": "запусков"},
    "col_results": {"en": "results", "ko": "결과 전송", "ru": "отправлено результатов"},
    "col_late": {"en": "late", "ko": "지연", "ru": "с опозданием"},
    "col_failsafe": {"en": "failsafe", "ko": "페일세이프 판정", "ru": "аварийных решений"},
    "col_failsafe_rejects": {"en": "failsafe_rejects", "ko": "페일세이프 배출", "ru": "аварийная отбраковка"},
    "col_overflows": {"en": "overflows", "ko": "버퍼 초과 누락", "ru": "потеряно (буфер ПЛК)"},
    "col_outages": {"en": "outages", "ko": "연동 끊김", "ru": "обрывы связи"},
    "col_interfaces": {"en": "interfaces", "ko": "연동별 끊김", "ru": "обрывы по интерфейсам"},
    "part": {"en": "part {name}", "ko": "부품 {name}", "ru": "деталь {name}"},
}


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a string (a translation must use the same ones)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def missing() -> dict[str, list[str]]:
    """For each language, the keys it lacks, leaves empty, or whose placeholders differ from English."""
    gaps: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for key, texts in STRINGS.items():
        for language in LANGUAGES:
            text = texts.get(language, "").strip()
            if not text or placeholders(text) != placeholders(texts["en"]):
                gaps[language].append(key)
    return {language: keys for language, keys in gaps.items() if keys}


class Catalogue:
    """One language's report strings and its way of writing numbers, dates and times."""

    def __init__(self, language: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"no report language {language!r}; choose one of {', '.join(LANGUAGES)}")
        self.language = language

    def text(self, key: str, **values: object) -> str:
        """The string ``key`` in this language with ``values`` filled in (numbers formatted beforehand)."""
        return STRINGS[key][self.language].format(**values)

    def number(self, value: float, decimals: int = 0) -> str:
        """``1,234.5`` (en, ko) or ``1 234,5`` (ru, no-break space)."""
        text = f"{value:,.{decimals}f}"
        if self.language == "ru":
            text = text.replace(",", NBSP).replace(".", ",")
        return text

    def plain(self, value: float, decimals: int) -> str:
        """A number without grouping (CSV cells): ``0.250`` or ``0,250``."""
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.language == "ru" else text

    def percent(self, fraction: float | None, decimals: int = 1) -> str:
        """A share in [0, 1] as a percentage, ``-`` when there is none."""
        if fraction is None:
            return "-"
        return f"{self.number(100.0 * fraction, decimals)}{NBSP}%"

    def moment(self, when: dt.datetime, zone: dt.tzinfo) -> str:
        """Date and time in ``zone``: ``2026-11-20 22:00`` (en, ko) or ``20.11.2026 22:00`` (ru)."""
        local = when.astimezone(zone)
        return local.strftime("%d.%m.%Y %H:%M" if self.language == "ru" else "%Y-%m-%d %H:%M")

    def wait(self, seconds: float | None) -> str:
        """A short wait: seconds to one decimal under a minute, else hours and minutes."""
        if seconds is None:
            return "-"
        return self.text("seconds", value=self.number(seconds, 1)) if seconds < 59.95 else self.duration(seconds)

    def duration(self, seconds: float) -> str:
        """A running time as hours and minutes."""
        minutes = round(seconds / 60.0)
        if minutes < 60:
            return self.text("minutes_only", minutes=minutes)
        return self.text("hours_minutes", hours=minutes // 60, minutes=minutes % 60)

    @property
    def csv_delimiter(self) -> str:
        """``;`` where the decimal mark is a comma (Russian spreadsheets expect it), else ``,``."""
        return ";" if self.language == "ru" else ","
