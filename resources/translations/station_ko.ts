<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>CameraSettings</name>
    <message>
        <source>Camera settings</source>
        <translation>카메라 설정</translation>
    </message>
    <message>
        <source>camera default</source>
        <translation>카메라 기본값</translation>
    </message>
    <message>
        <source>free run</source>
        <translation>연속 촬영 (프리런)</translation>
    </message>
    <message>
        <source>software trigger</source>
        <translation>소프트웨어 트리거</translation>
    </message>
    <message>
        <source>hardware trigger</source>
        <translation>하드웨어 트리거</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>노출</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>게인</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>트리거</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>The product being inspected: its models and threshold</source>
        <translation>검사 중인 제품: 모델과 판정 기준값</translation>
    </message>
    <message>
        <source>demo, folder:PATH, watch:PATH, video:FILE, usb:N or gige:ADDRESS; cameras found are listed</source>
        <translation>demo, folder:경로, watch:경로, video:파일, usb:N 또는 gige:주소. 찾은 카메라가 목록에 표시됩니다</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Folder of images…</source>
        <translation>이미지 폴더…</translation>
    </message>
    <message>
        <source>Watched folder (new images as they arrive)…</source>
        <translation>감시 폴더 (새 이미지가 들어오는 대로)…</translation>
    </message>
    <message>
        <source>Video file…</source>
        <translation>동영상 파일…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Start or stop inspection (Space)</source>
        <translation>검사 시작 또는 정지 (Space)</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>트리거</translation>
    </message>
    <message>
        <source>Take one picture: a GigE camera with trigger=software (T)</source>
        <translation>한 장 촬영: trigger=software로 연결한 GigE 카메라 (T)</translation>
    </message>
    <message>
        <source>Pause view</source>
        <translation>화면 정지</translation>
    </message>
    <message>
        <source>Hold the part on screen to zoom (wheel) and pan (drag); inspection goes on (P)</source>
        <translation>부품을 화면에 고정해 확대(휠)·이동(드래그)합니다. 검사는 계속됩니다 (P)</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>히트맵</translation>
    </message>
    <message>
        <source>Grad-CAM heatmap overlay (H)</source>
        <translation>Grad-CAM 히트맵 겹쳐 보기 (H)</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>박스</translation>
    </message>
    <message>
        <source>Defect boxes with label and confidence (B)</source>
        <translation>불량 위치 박스, 유형과 신뢰도 표시 (B)</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>히트맵 불투명도</translation>
    </message>
    <message>
        <source>Defect score at or above which a part fails; changes are logged</source>
        <translation>이 불량 점수 이상이면 불량 판정. 변경은 기록됩니다</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Inspect images now, outside the live run (Ctrl+O; a folder: Ctrl+Shift+O)</source>
        <translation>라인 검사와 별도로 이미지를 바로 검사 (Ctrl+O, 폴더: Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>카메라…</translation>
    </message>
    <message>
        <source>Exposure, gain and trigger of a GigE camera</source>
        <translation>GigE 카메라의 노출, 게인, 트리거</translation>
    </message>
    <message>
        <source>Model…</source>
        <translation>모델…</translation>
    </message>
    <message>
        <source>The recipe&apos;s model card, validation metrics and plots</source>
        <translation>레시피의 모델 카드, 검증 지표와 그래프</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>운전</translation>
    </message>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>레시피</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>판정 기준</translation>
    </message>
    <message>
        <source>Video file</source>
        <translation>동영상 파일</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.avi *.mkv *.mov)</source>
        <translation>동영상 (*.mp4 *.avi *.mkv *.mov)</translation>
    </message>
    <message>
        <source>Folder of images</source>
        <translation>이미지 폴더</translation>
    </message>
</context>
<context>
    <name>Counters</name>
    <message>
        <source>Inspected</source>
        <translation>검사 수량</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>양품</translation>
    </message>
    <message>
        <source>NG</source>
        <translation>불량</translation>
    </message>
    <message>
        <source>Yield</source>
        <translation>수율</translation>
    </message>
    <message>
        <source>Not inspected</source>
        <translation>미검사</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Shift {shift}; this run below each figure</source>
        <translation>교대조 {shift} · 각 숫자 아래는 이번 운전</translation>
    </message>
    <message>
        <source>This run (no shift now)</source>
        <translation>이번 운전 (현재 교대조 없음)</translation>
    </message>
    <message>
        <source>run {value}</source>
        <translation>이번 운전 {value}</translation>
    </message>
</context>
<context>
    <name>ExceptHook</name>
    <message>
        <source>Inspection station: unexpected error</source>
        <translation>검사 스테이션: 예기치 않은 오류</translation>
    </message>
    <message>
        <source>{kind}: {value}

The details are in the log file.</source>
        <translation>{kind}: {value}

자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
</context>
<context>
    <name>FileInspector</name>
    <message>
        <source>Load a recipe first</source>
        <translation>먼저 레시피를 불러오십시오</translation>
    </message>
    <message>
        <source>Inspecting {n} dropped item(s)…</source>
        <translation>끌어다 놓은 항목 {n}개 검사 중…</translation>
    </message>
    <message>
        <source>Inspected {n} file(s)</source>
        <translation>파일 {n}개 검사 완료</translation>
    </message>
    <message>
        <source>last: {name}</source>
        <translation>마지막: {name}</translation>
    </message>
    <message>
        <source>{n} unreadable: {first}</source>
        <translation>읽을 수 없음 {n}개: {first}</translation>
    </message>
    <message>
        <source>Cannot inspect the files: {error}</source>
        <translation>파일을 검사할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Inspect images</source>
        <translation>이미지 검사</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Inspect a folder of images</source>
        <translation>이미지 폴더 검사</translation>
    </message>
</context>
<context>
    <name>HistoryLink</name>
    <message>
        <source>History database reachable again</source>
        <translation>이력 데이터베이스에 다시 연결되었습니다</translation>
    </message>
    <message>
        <source>Review and reports</source>
        <translation>판정 및 보고서</translation>
    </message>
    <message>
        <source>History database unreachable, parts are queued on disk: {error}</source>
        <translation>이력 데이터베이스에 연결할 수 없어 부품 기록을 디스크에 보관 중입니다: {error}</translation>
    </message>
    <message>
        <source>still connecting</source>
        <translation>아직 연결 중</translation>
    </message>
    <message>
        <source>Review and reports need the history database: {error}</source>
        <translation>판정과 보고서에는 이력 데이터베이스가 필요합니다: {error}</translation>
    </message>
    <message>
        <source>Shift totals unavailable: {error}</source>
        <translation>교대조 집계를 가져올 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Sign in…</source>
        <translation>로그인…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <source>When</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>이전 값</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새 값</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>교대 보고서</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>절감 효과</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>변경 이력</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>작업자</translation>
    </message>
    <message>
        <source>qa</source>
        <translation>품질 담당(QA)</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>감독자</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>로그인: {name} ({role})</translation>
    </message>
    <message>
        <source>{what} needs the {role} role or above</source>
        <translation>{what}: {role} 이상 권한이 필요합니다</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>이력 데이터베이스에 연결할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>PDF 저장…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>인쇄…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>교대조</translation>
    </message>
    <message>
        <source>Report not made: {error}</source>
        <translation>보고서를 만들지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>{shift}: {n} inspected, {ng} NG, {pending} pending review — {file}</source>
        <translation>{shift}: 검사 {n}, 불량 {ng}, 판정 대기 {pending} — {file}</translation>
    </message>
    <message>
        <source>Making the report of shift {shift}…</source>
        <translation>교대조 {shift} 보고서 작성 중…</translation>
    </message>
    <message>
        <source>Save shift report</source>
        <translation>교대 보고서 저장</translation>
    </message>
    <message>
        <source>Writing the report of shift {shift}…</source>
        <translation>교대조 {shift} 보고서 저장 중…</translation>
    </message>
    <message>
        <source>Value of a good part</source>
        <translation>양품 1개의 가치</translation>
    </message>
    <message>
        <source>Cost of an escaped defect</source>
        <translation>유출 불량 1건의 비용</translation>
    </message>
    <message>
        <source>Cost of a false reject</source>
        <translation>과검 1건의 비용</translation>
    </message>
    <message>
        <source>Share of defects a manual inspector misses</source>
        <translation>육안 검사자가 놓치는 불량 비율</translation>
    </message>
    <message>
        <source>Inspector cost per hour</source>
        <translation>검사자 시간당 인건비</translation>
    </message>
    <message>
        <source>Inspectors freed per shift</source>
        <translation>교대조당 절감 검사 인원</translation>
    </message>
    <message>
        <source>System cost</source>
        <translation>시스템 도입 비용</translation>
    </message>
    <message>
        <source>Shifts per month</source>
        <translation>월 교대조 수</translation>
    </message>
    <message>
        <source>Formula: {formula}</source>
        <translation>계산식: {formula}</translation>
    </message>
    <message>
        <source>Estimate for the selected shift</source>
        <translation>선택한 교대조로 추정</translation>
    </message>
    <message>
        <source>Estimating…</source>
        <translation>추정 중…</translation>
    </message>
    <message>
        <source>{shift}: {n} parts, {ng} NG. Savings per shift {shift_value} {c}, per month {month} {c}; payback {payback} months.</source>
        <translation>{shift}: 부품 {n}개, 불량 {ng}개. 교대조당 절감액 {shift_value} {c}, 월 {month} {c}, 투자 회수 {payback}개월.</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspection station — {station}, {line}</source>
        <translation>검사 스테이션 — {station}, {line}</translation>
    </message>
    <message>
        <source>Latest NG parts</source>
        <translation>최근 불량 부품</translation>
    </message>
    <message>
        <source>Recipe {name} loaded ({providers})</source>
        <translation>레시피 {name} 불러옴 ({providers})</translation>
    </message>
    <message>
        <source>Cannot load recipe: {error}</source>
        <translation>레시피를 불러올 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Loading recipe {name}…</source>
        <translation>레시피 {name} 불러오는 중…</translation>
    </message>
    <message>
        <source>Cannot start: {error}</source>
        <translation>시작할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Starting {source}…</source>
        <translation>{source} 시작 중…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>정지 중…</translation>
    </message>
    <message>
        <source>Stopping failed: {error}</source>
        <translation>정지하지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Please wait: {task}</source>
        <translation>잠시 기다려 주십시오: {task}</translation>
    </message>
    <message>
        <source>Trigger sent</source>
        <translation>트리거 전송됨</translation>
    </message>
    <message>
        <source>No software trigger: run a GigE camera with trigger=software</source>
        <translation>소프트웨어 트리거 없음: GigE 카메라를 trigger=software로 실행하십시오</translation>
    </message>
    <message>
        <source>The threshold cannot change while the history (who may change it) is unreachable</source>
        <translation>이력 데이터베이스(변경 권한 확인)에 연결할 수 없는 동안에는 판정 기준을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>Changing the threshold</source>
        <translation>판정 기준 변경</translation>
    </message>
    <message>
        <source>The threshold was not changed: {error}</source>
        <translation>판정 기준을 바꾸지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Threshold changed from {old} to {new}</source>
        <translation>판정 기준 변경: {old} → {new}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>정지</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>실시간 보기</translation>
    </message>
    <message>
        <source>Pause view</source>
        <translation>화면 정지</translation>
    </message>
    <message>
        <source>The source failed: {error}</source>
        <translation>입력 장치 오류: {error}</translation>
    </message>
    <message>
        <source>Camera settings apply to GigE cameras (gige:ADDRESS)</source>
        <translation>카메라 설정은 GigE 카메라(gige:주소)에만 적용됩니다</translation>
    </message>
    <message>
        <source>Camera settings applied: {uri}</source>
        <translation>카메라 설정 적용됨: {uri}</translation>
    </message>
    <message>
        <source>Stopping the line before closing…</source>
        <translation>종료하기 전에 라인을 정지하는 중…</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Models of recipe {name}</source>
        <translation>레시피 {name}의 모델</translation>
    </message>
    <message>
        <source>No model card in {folder}.</source>
        <translation>{folder}에 모델 카드가 없습니다.</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>분류기</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>검출기</translation>
    </message>
    <message>
        <source>metrics: {metrics}</source>
        <translation>지표: {metrics}</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>학습 데이터</translation>
    </message>
    <message>
        <source>data: {data}</source>
        <translation>데이터: {data}</translation>
    </message>
</context>
<context>
    <name>NgStrip</name>
    <message>
        <source>Click a part to see it full size (the view pauses; P goes back to live)</source>
        <translation>부품을 클릭하면 크게 봅니다 (화면이 정지되며, P를 누르면 실시간으로 돌아갑니다)</translation>
    </message>
    <message>
        <source>{name}
defect score {score}</source>
        <translation>{name}
불량 점수 {score}</translation>
    </message>
</context>
<context>
    <name>RateCharts</name>
    <message>
        <source>parts / s (last minute)</source>
        <translation>처리량 개/초 (최근 1분)</translation>
    </message>
    <message>
        <source>NG rate % (last minute)</source>
        <translation>불량률 % (최근 1분)</translation>
    </message>
    <message>
        <source>latency p95 (ms)</source>
        <translation>처리 시간 p95 (ms)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>분</translation>
    </message>
</context>
<context>
    <name>RecordMark</name>
    <message>
        <source>✔ recorded in the history</source>
        <translation>✔ 이력에 기록됨</translation>
    </message>
    <message>
        <source>○ recording… (not confirmed by the history yet)</source>
        <translation>○ 기록 중… (이력 확인 전)</translation>
    </message>
    <message>
        <source>recording is off: this part is not kept</source>
        <translation>기록 꺼짐: 이 부품은 저장되지 않음</translation>
    </message>
</context>
<context>
    <name>RecordingState</name>
    <message>
        <source>Recorded {n}</source>
        <translation>기록 {n}</translation>
    </message>
    <message>
        <source>database offline: {n} batches kept on disk</source>
        <translation>데이터베이스 연결 끊김: {n}묶음 디스크에 보관</translation>
    </message>
    <message>
        <source>{n} pictures not kept</source>
        <translation>이미지 {n}장 미보관</translation>
    </message>
    <message>
        <source>NOT RECORDED {n}</source>
        <translation>기록 누락 {n}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Pending</source>
        <translation>판정 대기</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>불량 확정</translation>
    </message>
    <message>
        <source>False reject</source>
        <translation>과검</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>유형 정정</translation>
    </message>
    <message>
        <source>All flagged</source>
        <translation>불량 판정 전체</translation>
    </message>
    <message>
        <source>shift, e.g. 2026-11-21/A</source>
        <translation>교대조, 예: 2026-11-21/A</translation>
    </message>
    <message>
        <source>recipe</source>
        <translation>레시피명</translation>
    </message>
    <message>
        <source>defect type</source>
        <translation>불량 유형</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>시작일</translation>
    </message>
    <message>
        <source>(no reason code)</source>
        <translation>(사유 코드 없음)</translation>
    </message>
    <message>
        <source>note (any language)</source>
        <translation>메모 (어느 언어든 가능)</translation>
    </message>
    <message>
        <source>&amp;Confirmed defect  [C]</source>
        <translation>불량 확정(&amp;C)  [C]</translation>
    </message>
    <message>
        <source>&amp;False reject  [F]</source>
        <translation>과검(&amp;F)  [F]</translation>
    </message>
    <message>
        <source>&amp;Wrong type…  [W]</source>
        <translation>유형 정정(&amp;W)…  [W]</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>이력 데이터베이스에 연결할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Nothing to review with these filters.</source>
        <translation>이 조건으로는 판정할 부품이 없습니다.</translation>
    </message>
    <message>
        <source>{shift}: false rejects {fr}, confirmed {cd}, pending {pending}</source>
        <translation>{shift}: 과검 {fr}, 불량 확정 {cd}, 판정 대기 {pending}</translation>
    </message>
    <message>
        <source>No flagged parts in this period.</source>
        <translation>이 기간에 불량 판정된 부품이 없습니다.</translation>
    </message>
    <message>
        <source>  (image not kept or pruned)</source>
        <translation>  (이미지 미보관 또는 삭제됨)</translation>
    </message>
    <message>
        <source>Score {score}  threshold {threshold}  recipe {recipe}  models {hashes}  station {station}{m}</source>
        <translation>점수 {score}  판정 기준 {threshold}  레시피 {recipe}  모델 {hashes}  스테이션 {station}{m}</translation>
    </message>
    <message>
        <source>Reviewing parts</source>
        <translation>부품 판정</translation>
    </message>
    <message>
        <source>The right type</source>
        <translation>올바른 유형</translation>
    </message>
    <message>
        <source>Decision not saved: {error}</source>
        <translation>판정이 저장되지 않았습니다: {error}</translation>
    </message>
    <message>
        <source>Saved: {decision}</source>
        <translation>저장됨: {decision}</translation>
    </message>
</context>
<context>
    <name>RunHealth</name>
    <message>
        <source>{n} faults</source>
        <translation>장애 {n}건</translation>
    </message>
    <message>
        <source>Line {up}/{all} connected, waiting for ack {ack}, late {late}, fail-safe {fs}</source>
        <translation>라인 {up}/{all} 연결, 응답 대기 {ack}, 지연 {late}, 안전 배출 {fs}</translation>
    </message>
    <message>
        <source>last sent: {last}</source>
        <translation>마지막 전송: {last}</translation>
    </message>
</context>
<context>
    <name>SourceState</name>
    <message>
        <source>offline {s} s</source>
        <translation>연결 끊김 {s}초</translation>
    </message>
    <message>
        <source>{n} reconnects</source>
        <translation>재연결 {n}회</translation>
    </message>
    <message>
        <source>{n} frozen</source>
        <translation>화면 멈춤 {n}회</translation>
    </message>
    <message>
        <source>running</source>
        <translation>작동 중</translation>
    </message>
    <message>
        <source>OFFLINE, reconnecting</source>
        <translation>연결 끊김, 재연결 중</translation>
    </message>
    <message>
        <source>FROZEN picture, reconnecting</source>
        <translation>화면 멈춤, 재연결 중</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>정지됨</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>시작 전</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>시작 중…</translation>
    </message>
    <message>
        <source>stopping…</source>
        <translation>정지하는 중…</translation>
    </message>
    <message>
        <source>Source: {state}</source>
        <translation>입력: {state}</translation>
    </message>
</context>
<context>
    <name>VerdictBanner</name>
    <message>
        <source>WAITING</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>no part yet</source>
        <translation>아직 부품 없음</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>합격</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>불합격</translation>
    </message>
    <message>
        <source>NOT INSPECTED</source>
        <translation>검사 불가</translation>
    </message>
    <message>
        <source>defect score {score}   threshold {threshold}</source>
        <translation>불량 점수 {score}   판정 기준 {threshold}</translation>
    </message>
    <message>
        <source>PAUSED VIEW: {name} (P: back to live)</source>
        <translation>화면 정지: {name} (P: 실시간으로)</translation>
    </message>
</context>
</TS>
