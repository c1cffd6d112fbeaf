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
    <name>ComparePage</name>
    <message>
        <source>candidate recipe folder (holds recipe.yaml)</source>
        <translation>папка рецепта-кандидата (с recipe.yaml)</translation>
    </message>
    <message>
        <source>labelled images: a folder with ok/ and defect/</source>
        <translation>размеченные снимки: папка с ok/ и defect/</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Кандидат</translation>
    </message>
    <message>
        <source>Candidate recipe folder</source>
        <translation>Папка рецепта-кандидата</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Снимки</translation>
    </message>
    <message>
        <source>Folder with ok/ and defect/</source>
        <translation>Папка с ok/ и defect/</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <source>The current recipe ({name}) and the candidate inspect the same images, as the line would.</source>
        <translation>Текущий рецепт ({name}) и кандидат проверяют одни и те же снимки, как на линии.</translation>
    </message>
    <message>
        <source>Choose a candidate recipe folder and a folder of labelled images first</source>
        <translation>Сначала выберите папку рецепта-кандидата и папку размеченных снимков</translation>
    </message>
    <message>
        <source>Loading the candidate {folder}…</source>
        <translation>Загрузка кандидата {folder}…</translation>
    </message>
    <message>
        <source>Inspecting image {i} of {n}…</source>
        <translation>Проверка снимка {i} из {n}…</translation>
    </message>
    <message>
        <source>Comparison failed: {error}</source>
        <translation>Сравнение не удалось: {error}</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>доля верных</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>точность</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>полнота</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>ROC AUC</source>
        <translation>ROC AUC</translation>
    </message>
    <message>
        <source>Current and candidate on {n} images of {data}</source>
        <translation>Текущий и кандидат на {n} снимках из {data}</translation>
    </message>
    <message>
        <source>current {name}</source>
        <translation>текущий {name}</translation>
    </message>
    <message>
        <source>candidate {name}</source>
        <translation>кандидат {name}</translation>
    </message>
    <message>
        <source>current</source>
        <translation>текущий</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>кандидат</translation>
    </message>
    <message>
        <source>{who}: {name}, threshold {t}</source>
        <translation>{who}: {name}, порог {t}</translation>
    </message>
    <message>
        <source>Recall (defects caught) {cr:.3f} → {nr:.3f}, precision {cp:.3f} → {nprec:.3f}; {n} images compared, {skipped} not inspected by both.</source>
        <translation>Полнота (найденный брак) {cr:.3f} → {nr:.3f}, точность {cp:.3f} → {nprec:.3f}; сравнено снимков: {n}, не проверено обоими: {skipped}.</translation>
    </message>
    <message>
        <source>The candidate misses defects the current recipe catches: do not swap on this data.</source>
        <translation>Кандидат пропускает брак, который ловит текущий рецепт: по этим данным не заменять.</translation>
    </message>
    <message>
        <source>The candidate rejects more good parts than the current recipe.</source>
        <translation>Кандидат бракует больше годных деталей, чем текущий рецепт.</translation>
    </message>
    <message>
        <source>The candidate is at least as good on these images.</source>
        <translation>На этих снимках кандидат не хуже текущего.</translation>
    </message>
</context>
<context>
    <name>ConfusionChart</name>
    <message>
        <source>verdict</source>
        <translation>решение</translation>
    </message>
    <message>
        <source>truth</source>
        <translation>истина</translation>
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
        <source>Run</source>
        <translation>Работа</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Станция</translation>
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
        <source>Box confidence</source>
        <translation>Уверенность рамки</translation>
    </message>
    <message>
        <source>This recipe has only a detector: a box at or above this confidence fails the part (recipe.yaml)</source>
        <translation>В этом рецепте только детектор: рамка с уверенностью не ниже этой бракует деталь (recipe.yaml)</translation>
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
    <name>KeysDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Клавиша</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Функция</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
    <message>
        <source>Works in</source>
        <translation>Где работает</translation>
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
    <name>LiveArea</name>
    <message>
        <source>Latest NG parts</source>
        <translation>Последний брак</translation>
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
    <name>MainMenus</name>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Работа</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>Раз&amp;бор</translation>
    </message>
    <message>
        <source>Re&amp;ports</source>
        <translation>О&amp;тчёты</translation>
    </message>
    <message>
        <source>&amp;Savings</source>
        <translation>&amp;Экономия</translation>
    </message>
    <message>
        <source>&amp;Audit</source>
        <translation>&amp;Аудит</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Модель</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Камера</translation>
    </message>
    <message>
        <source>V&amp;iew</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>Panels and tool bars</source>
        <translation>Панели и инструменты</translation>
    </message>
    <message>
        <source>review queue (not in the note field)</source>
        <translation>очередь разбора (кроме поля заметки)</translation>
    </message>
    <message>
        <source>&amp;Start / stop inspection</source>
        <translation>&amp;Пуск / стоп контроля</translation>
    </message>
    <message>
        <source>Software &amp;trigger (one picture)</source>
        <translation>Программный &amp;триггер (один снимок)</translation>
    </message>
    <message>
        <source>&amp;Pause view / back to live</source>
        <translation>&amp;Пауза просмотра / назад к живому</translation>
    </message>
    <message>
        <source>Inspect &amp;images…</source>
        <translation>Проверить &amp;снимки…</translation>
    </message>
    <message>
        <source>Inspect a &amp;folder…</source>
        <translation>Проверить &amp;папку…</translation>
    </message>
    <message>
        <source>Source: folder of images…</source>
        <translation>Источник: папка снимков…</translation>
    </message>
    <message>
        <source>Source: watched folder…</source>
        <translation>Источник: отслеживаемая папка…</translation>
    </message>
    <message>
        <source>Source: video file…</source>
        <translation>Источник: видеофайл…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Review queue</source>
        <translation>&amp;Очередь разбора</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Разбор</translation>
    </message>
    <message>
        <source>&amp;Confirmed defect</source>
        <translation>&amp;Брак подтверждён</translation>
    </message>
    <message>
        <source>&amp;False reject</source>
        <translation>&amp;Ложная отбраковка</translation>
    </message>
    <message>
        <source>&amp;Wrong type…</source>
        <translation>&amp;Не тот тип…</translation>
    </message>
    <message>
        <source>Shift &amp;report</source>
        <translation>&amp;Отчёт за смену</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <source>Save shift report as &amp;PDF…</source>
        <translation>Сохранить отчёт за смену в &amp;PDF…</translation>
    </message>
    <message>
        <source>P&amp;rint shift report…</source>
        <translation>&amp;Печать отчёта за смену…</translation>
    </message>
    <message>
        <source>Export shift as &amp;CSV…</source>
        <translation>Экспорт смены в &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;Savings estimate</source>
        <translation>&amp;Оценка экономии</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Журнал аудита</translation>
    </message>
    <message>
        <source>&amp;Verify the audit chain</source>
        <translation>&amp;Проверить цепочку аудита</translation>
    </message>
    <message>
        <source>&amp;Model page…</source>
        <translation>&amp;Страница модели…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>&amp;Camera settings…</source>
        <translation>&amp;Настройки камеры…</translation>
    </message>
    <message>
        <source>&amp;Heatmap on / off</source>
        <translation>&amp;Тепловая карта вкл / выкл</translation>
    </message>
    <message>
        <source>&amp;Boxes on / off</source>
        <translation>&amp;Рамки вкл / выкл</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>Во &amp;весь экран</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Open the review queue first (Ctrl+R)</source>
        <translation>Сначала откройте очередь разбора (Ctrl+R)</translation>
    </message>
    <message>
        <source>Export shift as CSV</source>
        <translation>Экспорт смены в CSV</translation>
    </message>
    <message>
        <source>{n} parts written to {file}</source>
        <translation>Записано деталей: {n} в {file}</translation>
    </message>
    <message>
        <source>CSV not written: {error}</source>
        <translation>CSV не записан: {error}</translation>
    </message>
    <message>
        <source>Audit log intact: {n} entries, chain and append-only triggers checked</source>
        <translation>Журнал аудита цел: записей {n}, цепочка и триггеры «только добавление» проверены</translation>
    </message>
    <message>
        <source>Audit log NOT intact ({n} entries): {problems}</source>
        <translation>Журнал аудита НАРУШЕН (записей {n}): {problems}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Audit check failed: {error}</source>
        <translation>Проверка аудита не удалась: {error}</translation>
    </message>
    <message>
        <source>main window</source>
        <translation>главное окно</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspection station — {station}, {line}</source>
        <translation>Станция контроля — {station}, {line}</translation>
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
        <source>Model card</source>
        <translation>Карточка модели</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Метрики</translation>
    </message>
    <message>
        <source>Compare with a candidate</source>
        <translation>Сравнить с кандидатом</translation>
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
    <message>
        <source>Anomaly model</source>
        <translation>Модель аномалий</translation>
    </message>
    <message>
        <source>Precision, recall and F1 per class</source>
        <translation>Точность, полнота и F1 по классам</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>точность</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>полнота</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>{n} images, threshold {t}</source>
        <translation>снимков: {n}, порог {t}</translation>
    </message>
    <message>
        <source>Detector AP per class (mAP50 {m50:.3f}, mAP50-95 {m:.3f})</source>
        <translation>AP детектора по классам (mAP50 {m50:.3f}, mAP50-95 {m:.3f})</translation>
    </message>
    <message>
        <source>No evaluation files in {folder}.</source>
        <translation>В {folder} нет файлов оценки.</translation>
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
    <name>PartModel</name>
    <message>
        <source>no picture</source>
        <translation>нет снимка</translation>
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
    <name>ReviewFilters</name>
    <message>
        <source>Current shift</source>
        <translation>Текущая смена</translation>
    </message>
    <message>
        <source>Previous shift</source>
        <translation>Предыдущая смена</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>A shift on a day…</source>
        <translation>Смена в выбранный день…</translation>
    </message>
    <message>
        <source>Which parts: by the shifts of the station&apos;s calendar</source>
        <translation>Какие детали: по сменам календаря станции</translation>
    </message>
    <message>
        <source>All recipes</source>
        <translation>Все рецепты</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Рецепт</translation>
    </message>
    <message>
        <source>All defect types</source>
        <translation>Все типы дефектов</translation>
    </message>
    <message>
        <source>Defect type (the most confident box)</source>
        <translation>Тип дефекта (самая уверенная рамка)</translation>
    </message>
    <message>
        <source>Decided by anyone</source>
        <translation>Кем угодно</translation>
    </message>
    <message>
        <source>Who decided</source>
        <translation>Кто решил</translation>
    </message>
    <message>
        <source>Flagged parts</source>
        <translation>Отбракованные детали</translation>
    </message>
    <message>
        <source>OK parts (a sample)</source>
        <translation>Годные (выборка)</translation>
    </message>
    <message>
        <source>Flagged and OK (sample)</source>
        <translation>Отбракованные и годные (выборка)</translation>
    </message>
    <message>
        <source>OK parts: only those the station kept a picture of (a sample)</source>
        <translation>Годные: только те, чей снимок станция сохранила (выборка)</translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation>Без решения</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>С решением</translation>
    </message>
    <message>
        <source>Confirmed defects</source>
        <translation>Подтверждённый брак</translation>
    </message>
    <message>
        <source>False rejects</source>
        <translation>Ложные отбраковки</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>Неверный тип</translation>
    </message>
    <message>
        <source>Decided or not</source>
        <translation>Решено или нет</translation>
    </message>
    <message>
        <source>Ask again (new parts since)</source>
        <translation>Запросить снова (новые детали)</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Wrong type</source>
        <translation>Неверный тип</translation>
    </message>
    <message>
        <source>Reason code, kept with the decision</source>
        <translation>Код причины, хранится с решением</translation>
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
        <source>Kept with the decision; Enter or Esc returns the keys to the parts</source>
        <translation>Хранится с решением; Enter или Esc возвращают клавиши к деталям</translation>
    </message>
    <message>
        <source>Defect [C]</source>
        <translation>Брак [C]</translation>
    </message>
    <message>
        <source>False reject [F]</source>
        <translation>Ложная отбраковка [F]</translation>
    </message>
    <message>
        <source>Wrong type… [W]</source>
        <translation>Не тот тип… [W]</translation>
    </message>
    <message>
        <source>Skip [S]</source>
        <translation>Пропустить [S]</translation>
    </message>
    <message>
        <source>Looking for parts…</source>
        <translation>Поиск деталей…</translation>
    </message>
    <message>
        <source>OK parts are a sample: the station keeps the picture of 1 OK part in {n}; only those are shown.</source>
        <translation>Годные — выборка: станция хранит снимок 1 годной детали из {n}; показаны только они.</translation>
    </message>
    <message>
        <source>OK parts are a sample: only those the station kept a picture of are shown.</source>
        <translation>Годные — выборка: показаны только те, чей снимок станция сохранила.</translation>
    </message>
    <message>
        <source>(image not kept or pruned)</source>
        <translation>(снимок не сохранён или удалён)</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>База истории недоступна: {error}</translation>
    </message>
    <message>
        <source>{n} parts</source>
        <translation>деталей: {n}</translation>
    </message>
    <message>
        <source>Nothing to review with these filters.</source>
        <translation>С этими фильтрами разбирать нечего.</translation>
    </message>
    <message>
        <source>Reviewing parts</source>
        <translation>Разбор деталей</translation>
    </message>
    <message>
        <source>Only flagged parts take a decision; this one passed.</source>
        <translation>Решение принимается только по отбракованным; эта деталь годна.</translation>
    </message>
    <message>
        <source>No part left to decide in this view.</source>
        <translation>В этом списке не осталось деталей без решения.</translation>
    </message>
    <message>
        <source>The right type</source>
        <translation>Правильный тип</translation>
    </message>
    <message>
        <source>Decision not saved: {error}</source>
        <translation>Решение не сохранено: {error}</translation>
    </message>
</context>
<context>
    <name>ReviewText</name>
    <message>
        <source>{s} s</source>
        <translation>{s} с</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} мин</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} ч {m} мин</translation>
    </message>
    <message>
        <source>to decide</source>
        <translation>ждёт решения</translation>
    </message>
    <message>
        <source>✔ defect</source>
        <translation>✔ брак</translation>
    </message>
    <message>
        <source>✘ false reject</source>
        <translation>✘ ложная отбраковка</translation>
    </message>
    <message>
        <source>✎ wrong type</source>
        <translation>✎ не тот тип</translation>
    </message>
    <message>
        <source>OK (sample)</source>
        <translation>годная (выборка)</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>годна</translation>
    </message>
    <message>
        <source>no box</source>
        <translation>без рамки</translation>
    </message>
    <message>
        <source>part id {id}</source>
        <translation>ID детали {id}</translation>
    </message>
    <message>
        <source>frame {n}</source>
        <translation>кадр {n}</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>БРАК</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>ГОДНАЯ</translation>
    </message>
    <message>
        <source>{verdict} · score {score} (threshold {threshold}) · {boxes}</source>
        <translation>{verdict} · оценка {score} (порог {threshold}) · {boxes}</translation>
    </message>
    <message>
        <source>{recipe} · inspected {when} · shift {shift} · station {station}</source>
        <translation>{recipe} · проверено {when} · смена {shift} · станция {station}</translation>
    </message>
    <message>
        <source>models {hashes}</source>
        <translation>модели {hashes}</translation>
    </message>
    <message>
        <source>Passed; OK parts take no decision here</source>
        <translation>Годна; по годным здесь решение не принимается</translation>
    </message>
    <message>
        <source>Not decided yet</source>
        <translation>Решения ещё нет</translation>
    </message>
    <message>
        <source>Confirmed defect</source>
        <translation>Брак подтверждён</translation>
    </message>
    <message>
        <source>False reject</source>
        <translation>Ложная отбраковка</translation>
    </message>
    <message>
        <source>Wrong type, is {type}</source>
        <translation>Не тот тип, на самом деле {type}</translation>
    </message>
    <message>
        <source>{decision} by {user}, {when}</source>
        <translation>{decision}: {user}, {when}</translation>
    </message>
    <message>
        <source>; reason: {reason}</source>
        <translation>; причина: {reason}</translation>
    </message>
    <message>
        <source>; note: {note}</source>
        <translation>; заметка: {note}</translation>
    </message>
    <message>
        <source>Saved: {decision} ({user})</source>
        <translation>Сохранено: {decision} ({user})</translation>
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
        <source>Time to decision: median {shown} on screen (90 % within {p90}; decisions timed: {n}); flagged parts waited a median {waited} from inspection to decision (decisions: {m}).</source>
        <translation>Время до решения: медиана {shown} на экране (90 % — за {p90}; решений с замером: {n}); отбракованные детали ждали от контроля до решения в среднем (медиана) {waited} (решений: {m}).</translation>
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
        <source>PAUSED VIEW</source>
        <translation>ПРОСМОТР НА ПАУЗЕ</translation>
    </message>
    <message>
        <source>no part yet (P: back to live)</source>
        <translation>деталей ещё нет (P: назад к живому)</translation>
    </message>
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
        <source>ERROR</source>
        <translation>ОШИБКА</translation>
    </message>
    <message>
        <source>box confidence {score}   threshold {threshold}</source>
        <translation>уверенность рамки {score}   порог {threshold}</translation>
    </message>
    <message>
        <source>{name}: live inspection goes on (P: back to live)</source>
        <translation>{name}: контроль продолжается (P: назад к живому)</translation>
    </message>
    <message>
        <source>defect score {score}   threshold {threshold}</source>
        <translation>оценка дефекта {score}   порог {threshold}</translation>
    </message>
</context>
</TS>
