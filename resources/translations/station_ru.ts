<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>CameraSettings</name>
    <message>
        <source>Camera settings</source>
        <translation>Настройки камеры</translation>
    </message>
    <message>
        <source>camera default</source>
        <translation>по умолчанию камеры</translation>
    </message>
    <message>
        <source>free run</source>
        <translation>непрерывная съёмка</translation>
    </message>
    <message>
        <source>software trigger</source>
        <translation>программный триггер</translation>
    </message>
    <message>
        <source>hardware trigger</source>
        <translation>аппаратный триггер</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Экспозиция</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>Усиление</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Триггер</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>The product being inspected: its models and threshold</source>
        <translation>Контролируемое изделие: его модели и порог</translation>
    </message>
    <message>
        <source>demo, folder:PATH, watch:PATH, video:FILE, usb:N or gige:ADDRESS; cameras found are listed</source>
        <translation>demo, folder:ПУТЬ, watch:ПУТЬ, video:ФАЙЛ, usb:N или gige:АДРЕС; найденные камеры есть в списке</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Folder of images…</source>
        <translation>Папка с изображениями…</translation>
    </message>
    <message>
        <source>Watched folder (new images as they arrive)…</source>
        <translation>Отслеживаемая папка (новые снимки по мере поступления)…</translation>
    </message>
    <message>
        <source>Video file…</source>
        <translation>Видеофайл…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Пуск</translation>
    </message>
    <message>
        <source>Start or stop inspection (Space)</source>
        <translation>Запустить или остановить контроль (Пробел)</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Триггер</translation>
    </message>
    <message>
        <source>Take one picture: a GigE camera with trigger=software (T)</source>
        <translation>Сделать один снимок: камера GigE с trigger=software (T)</translation>
    </message>
    <message>
        <source>Pause view</source>
        <translation>Пауза просмотра</translation>
    </message>
    <message>
        <source>Hold the part on screen to zoom (wheel) and pan (drag); inspection goes on (P)</source>
        <translation>Задержать деталь на экране для увеличения (колесо) и сдвига (перетаскивание); контроль продолжается (P)</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Тепловая карта</translation>
    </message>
    <message>
        <source>Grad-CAM heatmap overlay (H)</source>
        <translation>Наложение тепловой карты Grad-CAM (H)</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>Рамки</translation>
    </message>
    <message>
        <source>Defect boxes with label and confidence (B)</source>
        <translation>Рамки дефектов с типом и достоверностью (B)</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Непрозрачность тепловой карты</translation>
    </message>
    <message>
        <source>Defect score at or above which a part fails; changes are logged</source>
        <translation>Оценка дефекта, начиная с которой деталь бракуется; изменения записываются в журнал</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Открыть…</translation>
    </message>
    <message>
        <source>Inspect images now, outside the live run (Ctrl+O; a folder: Ctrl+Shift+O)</source>
        <translation>Проверить снимки сейчас, вне потока линии (Ctrl+O; папку: Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>Камера…</translation>
    </message>
    <message>
        <source>Exposure, gain and trigger of a GigE camera</source>
        <translation>Экспозиция, усиление и триггер камеры GigE</translation>
    </message>
    <message>
        <source>Model…</source>
        <translation>Модель…</translation>
    </message>
    <message>
        <source>The recipe&apos;s model card, validation metrics and plots</source>
        <translation>Карточка модели рецепта, метрики проверки и графики</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Работа</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Рецепт</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Непрозрачность</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Порог</translation>
    </message>
    <message>
        <source>Video file</source>
        <translation>Видеофайл</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.avi *.mkv *.mov)</source>
        <translation>Видео (*.mp4 *.avi *.mkv *.mov)</translation>
    </message>
    <message>
        <source>Folder of images</source>
        <translation>Папка с изображениями</translation>
    </message>
</context>
<context>
    <name>Counters</name>
    <message>
        <source>Inspected</source>
        <translation>Проверено</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Годные</translation>
    </message>
    <message>
        <source>NG</source>
        <translation>Брак</translation>
    </message>
    <message>
        <source>Yield</source>
        <translation>Выход годных</translation>
    </message>
    <message>
        <source>Not inspected</source>
        <translation>Не проверено</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Ошибки</translation>
    </message>
    <message>
        <source>Shift {shift}; this run below each figure</source>
        <translation>Смена {shift}; под каждой цифрой — этот запуск</translation>
    </message>
    <message>
        <source>This run (no shift now)</source>
        <translation>Этот запуск (сейчас нет смены)</translation>
    </message>
    <message>
        <source>run {value}</source>
        <translation>запуск {value}</translation>
    </message>
</context>
<context>
    <name>ExceptHook</name>
    <message>
        <source>Inspection station: unexpected error</source>
        <translation>Станция контроля: непредвиденная ошибка</translation>
    </message>
    <message>
        <source>{kind}: {value}

The details are in the log file.</source>
        <translation>{kind}: {value}

Подробности — в файле журнала.</translation>
    </message>
</context>
<context>
    <name>FileInspector</name>
    <message>
        <source>Load a recipe first</source>
        <translation>Сначала загрузите рецепт</translation>
    </message>
    <message>
        <source>Inspecting {n} dropped item(s)…</source>
        <translation>Проверка перетащенных объектов: {n}…</translation>
    </message>
    <message>
        <source>Inspected {n} file(s)</source>
        <translation>Проверено файлов: {n}</translation>
    </message>
    <message>
        <source>last: {name}</source>
        <translation>последний: {name}</translation>
    </message>
    <message>
        <source>{n} unreadable: {first}</source>
        <translation>не читаются: {n}, первый: {first}</translation>
    </message>
    <message>
        <source>Cannot inspect the files: {error}</source>
        <translation>Не удалось проверить файлы: {error}</translation>
    </message>
    <message>
        <source>Inspect images</source>
        <translation>Проверить снимки</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>Изображения (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Inspect a folder of images</source>
        <translation>Проверить папку со снимками</translation>
    </message>
</context>
<context>
    <name>HistoryLink</name>
    <message>
        <source>History database reachable again</source>
        <translation>База истории снова доступна</translation>
    </message>
    <message>
        <source>Review and reports</source>
        <translation>Разбор и отчёты</translation>
    </message>
    <message>
        <source>History database unreachable, parts are queued on disk: {error}</source>
        <translation>База истории недоступна, детали сохраняются на диске в очередь: {error}</translation>
    </message>
    <message>
        <source>still connecting</source>
        <translation>подключение ещё идёт</translation>
    </message>
    <message>
        <source>Review and reports need the history database: {error}</source>
        <translation>Для разбора и отчётов нужна база истории: {error}</translation>
    </message>
    <message>
        <source>Shift totals unavailable: {error}</source>
        <translation>Итоги смены недоступны: {error}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Sign in…</source>
        <translation>Войти…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Станция</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>Было</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Стало</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Разбор</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Отчёт за смену</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Экономия</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>qa</source>
        <translation>контролёр ОТК</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>начальник смены</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>Вход выполнен: {name} ({role})</translation>
    </message>
    <message>
        <source>{what} needs the {role} role or above</source>
        <translation>{what}: нужна роль {role} или выше</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>База истории недоступна: {error}</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Сохранить PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Report not made: {error}</source>
        <translation>Отчёт не создан: {error}</translation>
    </message>
    <message>
        <source>{shift}: {n} inspected, {ng} NG, {pending} pending review — {file}</source>
        <translation>{shift}: проверено {n}, брак {ng}, ждут решения {pending} — {file}</translation>
    </message>
    <message>
        <source>Making the report of shift {shift}…</source>
        <translation>Формируется отчёт за смену {shift}…</translation>
    </message>
    <message>
        <source>Save shift report</source>
        <translation>Сохранить отчёт за смену</translation>
    </message>
    <message>
        <source>Writing the report of shift {shift}…</source>
        <translation>Записывается отчёт за смену {shift}…</translation>
    </message>
    <message>
        <source>Value of a good part</source>
        <translation>Стоимость годной детали</translation>
    </message>
    <message>
        <source>Cost of an escaped defect</source>
        <translation>Цена пропущенного дефекта</translation>
    </message>
    <message>
        <source>Cost of a false reject</source>
        <translation>Цена ложной отбраковки</translation>
    </message>
    <message>
        <source>Share of defects a manual inspector misses</source>
        <translation>Доля дефектов, пропускаемых контролёром вручную</translation>
    </message>
    <message>
        <source>Inspector cost per hour</source>
        <translation>Стоимость часа контролёра</translation>
    </message>
    <message>
        <source>Inspectors freed per shift</source>
        <translation>Контролёров высвобождается за смену</translation>
    </message>
    <message>
        <source>System cost</source>
        <translation>Стоимость системы</translation>
    </message>
    <message>
        <source>Shifts per month</source>
        <translation>Смен в месяц</translation>
    </message>
    <message>
        <source>Formula: {formula}</source>
        <translation>Формула: {formula}</translation>
    </message>
    <message>
        <source>Estimate for the selected shift</source>
        <translation>Оценить для выбранной смены</translation>
    </message>
    <message>
        <source>Estimating…</source>
        <translation>Оценка…</translation>
    </message>
    <message>
        <source>{shift}: {n} parts, {ng} NG. Savings per shift {shift_value} {c}, per month {month} {c}; payback {payback} months.</source>
        <translation>{shift}: деталей {n}, брак {ng}. Экономия за смену {shift_value} {c}, за месяц {month} {c}; окупаемость {payback} мес.</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspection station — {station}, {line}</source>
        <translation>Станция контроля — {station}, {line}</translation>
    </message>
    <message>
        <source>Latest NG parts</source>
        <translation>Последние бракованные детали</translation>
    </message>
    <message>
        <source>Recipe {name} loaded ({providers})</source>
        <translation>Рецепт {name} загружен ({providers})</translation>
    </message>
    <message>
        <source>Cannot load recipe: {error}</source>
        <translation>Не удалось загрузить рецепт: {error}</translation>
    </message>
    <message>
        <source>Loading recipe {name}…</source>
        <translation>Загрузка рецепта {name}…</translation>
    </message>
    <message>
        <source>Cannot start: {error}</source>
        <translation>Не удалось запустить: {error}</translation>
    </message>
    <message>
        <source>Starting {source}…</source>
        <translation>Запуск {source}…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Остановка…</translation>
    </message>
    <message>
        <source>Stopping failed: {error}</source>
        <translation>Остановить не удалось: {error}</translation>
    </message>
    <message>
        <source>Please wait: {task}</source>
        <translation>Подождите: {task}</translation>
    </message>
    <message>
        <source>Trigger sent</source>
        <translation>Триггер отправлен</translation>
    </message>
    <message>
        <source>No software trigger: run a GigE camera with trigger=software</source>
        <translation>Программного триггера нет: запустите камеру GigE с trigger=software</translation>
    </message>
    <message>
        <source>The threshold cannot change while the history (who may change it) is unreachable</source>
        <translation>Порог нельзя изменить, пока недоступна база истории (в ней — кто вправе его менять)</translation>
    </message>
    <message>
        <source>Changing the threshold</source>
        <translation>Изменение порога</translation>
    </message>
    <message>
        <source>The threshold was not changed: {error}</source>
        <translation>Порог не изменён: {error}</translation>
    </message>
    <message>
        <source>Threshold changed from {old} to {new}</source>
        <translation>Порог изменён с {old} на {new}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Пуск</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>Живой просмотр</translation>
    </message>
    <message>
        <source>Pause view</source>
        <translation>Пауза просмотра</translation>
    </message>
    <message>
        <source>The source failed: {error}</source>
        <translation>Сбой источника: {error}</translation>
    </message>
    <message>
        <source>Camera settings apply to GigE cameras (gige:ADDRESS)</source>
        <translation>Настройки камеры применимы к камерам GigE (gige:АДРЕС)</translation>
    </message>
    <message>
        <source>Camera settings applied: {uri}</source>
        <translation>Настройки камеры применены: {uri}</translation>
    </message>
    <message>
        <source>Stopping the line before closing…</source>
        <translation>Перед закрытием линия останавливается…</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Models of recipe {name}</source>
        <translation>Модели рецепта {name}</translation>
    </message>
    <message>
        <source>No model card in {folder}.</source>
        <translation>В {folder} нет карточки модели.</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Классификатор</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Детектор</translation>
    </message>
    <message>
        <source>metrics: {metrics}</source>
        <translation>метрики: {metrics}</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Обучающие данные</translation>
    </message>
    <message>
        <source>data: {data}</source>
        <translation>данные: {data}</translation>
    </message>
</context>
<context>
    <name>NgStrip</name>
    <message>
        <source>Click a part to see it full size (the view pauses; P goes back to live)</source>
        <translation>Нажмите на деталь, чтобы увидеть её целиком (просмотр встаёт на паузу; P — обратно к живому)</translation>
    </message>
    <message>
        <source>{name}
defect score {score}</source>
        <translation>{name}
оценка дефекта {score}</translation>
    </message>
</context>
<context>
    <name>RateCharts</name>
    <message>
        <source>parts / s (last minute)</source>
        <translation>деталей/с (последняя минута)</translation>
    </message>
    <message>
        <source>NG rate % (last minute)</source>
        <translation>доля брака, % (последняя минута)</translation>
    </message>
    <message>
        <source>latency p95 (ms)</source>
        <translation>время обработки p95 (мс)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>минуты</translation>
    </message>
</context>
<context>
    <name>RecordMark</name>
    <message>
        <source>✔ recorded in the history</source>
        <translation>✔ записано в журнал</translation>
    </message>
    <message>
        <source>○ recording… (not confirmed by the history yet)</source>
        <translation>○ запись… (журнал ещё не подтвердил)</translation>
    </message>
    <message>
        <source>recording is off: this part is not kept</source>
        <translation>запись выключена: эта деталь не сохраняется</translation>
    </message>
</context>
<context>
    <name>RecordingState</name>
    <message>
        <source>Recorded {n}</source>
        <translation>Записано {n}</translation>
    </message>
    <message>
        <source>database offline: {n} batches kept on disk</source>
        <translation>база недоступна: {n} пакетов сохранено на диске</translation>
    </message>
    <message>
        <source>{n} pictures not kept</source>
        <translation>не сохранено снимков: {n}</translation>
    </message>
    <message>
        <source>NOT RECORDED {n}</source>
        <translation>НЕ ЗАПИСАНО {n}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Pending</source>
        <translation>Ожидают решения</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Брак подтверждён</translation>
    </message>
    <message>
        <source>False reject</source>
        <translation>Ложная отбраковка</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>Неверный тип</translation>
    </message>
    <message>
        <source>All flagged</source>
        <translation>Все отбракованные</translation>
    </message>
    <message>
        <source>shift, e.g. 2026-11-21/A</source>
        <translation>смена, напр. 2026-11-21/A</translation>
    </message>
    <message>
        <source>recipe</source>
        <translation>рецепт</translation>
    </message>
    <message>
        <source>defect type</source>
        <translation>тип дефекта</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>С даты</translation>
    </message>
    <message>
        <source>(no reason code)</source>
        <translation>(без кода причины)</translation>
    </message>
    <message>
        <source>note (any language)</source>
        <translation>примечание (на любом языке)</translation>
    </message>
    <message>
        <source>&amp;Confirmed defect  [C]</source>
        <translation>&amp;Брак подтверждён  [C]</translation>
    </message>
    <message>
        <source>&amp;False reject  [F]</source>
        <translation>&amp;Ложная отбраковка  [F]</translation>
    </message>
    <message>
        <source>&amp;Wrong type…  [W]</source>
        <translation>&amp;Неверный тип…  [W]</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>База истории недоступна: {error}</translation>
    </message>
    <message>
        <source>Nothing to review with these filters.</source>
        <translation>С этими фильтрами разбирать нечего.</translation>
    </message>
    <message>
        <source>{shift}: false rejects {fr}, confirmed {cd}, pending {pending}</source>
        <translation>{shift}: ложная отбраковка {fr}, брак подтверждён {cd}, ждут решения {pending}</translation>
    </message>
    <message>
        <source>No flagged parts in this period.</source>
        <translation>За этот период отбракованных деталей нет.</translation>
    </message>
    <message>
        <source>  (image not kept or pruned)</source>
        <translation>  (снимок не сохранён или удалён)</translation>
    </message>
    <message>
        <source>Score {score}  threshold {threshold}  recipe {recipe}  models {hashes}  station {station}{m}</source>
        <translation>Оценка {score}  порог {threshold}  рецепт {recipe}  модели {hashes}  станция {station}{m}</translation>
    </message>
    <message>
        <source>Reviewing parts</source>
        <translation>Разбор деталей</translation>
    </message>
    <message>
        <source>The right type</source>
        <translation>Правильный тип</translation>
    </message>
    <message>
        <source>Decision not saved: {error}</source>
        <translation>Решение не сохранено: {error}</translation>
    </message>
    <message>
        <source>Saved: {decision}</source>
        <translation>Сохранено: {decision}</translation>
    </message>
</context>
<context>
    <name>RunHealth</name>
    <message>
        <source>{n} faults</source>
        <translation>сбоев: {n}</translation>
    </message>
    <message>
        <source>Line {up}/{all} connected, waiting for ack {ack}, late {late}, fail-safe {fs}</source>
        <translation>Линия: подключено {up}/{all}, ждут подтверждения {ack}, с опозданием {late}, отбраковано по отказу {fs}</translation>
    </message>
    <message>
        <source>last sent: {last}</source>
        <translation>последнее отправлено: {last}</translation>
    </message>
</context>
<context>
    <name>SourceState</name>
    <message>
        <source>offline {s} s</source>
        <translation>нет связи {s} с</translation>
    </message>
    <message>
        <source>{n} reconnects</source>
        <translation>переподключений: {n}</translation>
    </message>
    <message>
        <source>{n} frozen</source>
        <translation>зависаний кадра: {n}</translation>
    </message>
    <message>
        <source>running</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>OFFLINE, reconnecting</source>
        <translation>НЕТ СВЯЗИ, переподключение</translation>
    </message>
    <message>
        <source>FROZEN picture, reconnecting</source>
        <translation>КАДР ЗАВИС, переподключение</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>СБОЙ</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>завершено</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>остановлено</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>не запущено</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>запуск…</translation>
    </message>
    <message>
        <source>stopping…</source>
        <translation>остановка…</translation>
    </message>
    <message>
        <source>Source: {state}</source>
        <translation>Источник: {state}</translation>
    </message>
</context>
<context>
    <name>VerdictBanner</name>
    <message>
        <source>WAITING</source>
        <translation>ОЖИДАНИЕ</translation>
    </message>
    <message>
        <source>no part yet</source>
        <translation>деталей пока нет</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>ГОДНАЯ</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>БРАК</translation>
    </message>
    <message>
        <source>NOT INSPECTED</source>
        <translation>НЕ ПРОВЕРЕНО</translation>
    </message>
    <message>
        <source>defect score {score}   threshold {threshold}</source>
        <translation>оценка дефекта {score}   порог {threshold}</translation>
    </message>
    <message>
        <source>PAUSED VIEW: {name} (P: back to live)</source>
        <translation>ПРОСМОТР НА ПАУЗЕ: {name} (P — вернуться к живому)</translation>
    </message>
</context>
</TS>
