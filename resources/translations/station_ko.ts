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
    <name>ComparePage</name>
    <message>
        <source>candidate recipe folder (holds recipe.yaml)</source>
        <translation>후보 레시피 폴더 (recipe.yaml 포함)</translation>
    </message>
    <message>
        <source>labelled images: a folder with ok/ and defect/</source>
        <translation>라벨된 이미지: ok/ 와 defect/ 가 있는 폴더</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>후보</translation>
    </message>
    <message>
        <source>Candidate recipe folder</source>
        <translation>후보 레시피 폴더</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Folder with ok/ and defect/</source>
        <translation>ok/ 와 defect/ 가 있는 폴더</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>The current recipe ({name}) and the candidate inspect the same images, as the line would.</source>
        <translation>현재 레시피({name})와 후보가 라인과 똑같이 같은 이미지를 검사합니다.</translation>
    </message>
    <message>
        <source>Choose a candidate recipe folder and a folder of labelled images first</source>
        <translation>먼저 후보 레시피 폴더와 라벨된 이미지 폴더를 고르십시오</translation>
    </message>
    <message>
        <source>Loading the candidate {folder}…</source>
        <translation>후보 {folder} 불러오는 중…</translation>
    </message>
    <message>
        <source>Inspecting image {i} of {n}…</source>
        <translation>이미지 {i}/{n} 검사 중…</translation>
    </message>
    <message>
        <source>Comparison failed: {error}</source>
        <translation>비교 실패: {error}</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>재현율</translation>
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
        <translation>{data}의 이미지 {n}장에서 현재와 후보</translation>
    </message>
    <message>
        <source>current {name}</source>
        <translation>현재 {name}</translation>
    </message>
    <message>
        <source>candidate {name}</source>
        <translation>후보 {name}</translation>
    </message>
    <message>
        <source>current</source>
        <translation>현재</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>후보 모델</translation>
    </message>
    <message>
        <source>{who}: {name}, threshold {t}</source>
        <translation>{who}: {name}, 임계값 {t}</translation>
    </message>
    <message>
        <source>Recall (defects caught) {cr:.3f} → {nr:.3f}, precision {cp:.3f} → {nprec:.3f}; {n} images compared, {skipped} not inspected by both.</source>
        <translation>재현율(검출한 불량) {cr:.3f} → {nr:.3f}, 정밀도 {cp:.3f} → {nprec:.3f}; 이미지 {n}장 비교, {skipped}장은 양쪽 모두 검사하지 못함.</translation>
    </message>
    <message>
        <source>The candidate misses defects the current recipe catches: do not swap on this data.</source>
        <translation>후보는 현재 레시피가 잡는 불량을 놓칩니다: 이 데이터로는 교체하지 마십시오.</translation>
    </message>
    <message>
        <source>The candidate rejects more good parts than the current recipe.</source>
        <translation>후보는 현재 레시피보다 양품을 더 많이 불량 처리합니다.</translation>
    </message>
    <message>
        <source>The candidate is at least as good on these images.</source>
        <translation>이 이미지에서 후보는 현재 레시피만큼 좋거나 더 좋습니다.</translation>
    </message>
</context>
<context>
    <name>ConfusionChart</name>
    <message>
        <source>verdict</source>
        <translation>판정 결과</translation>
    </message>
    <message>
        <source>truth</source>
        <translation>실제</translation>
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
        <source>Run</source>
        <translation>운전</translation>
    </message>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>스테이션</translation>
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
        <source>Box confidence</source>
        <translation>박스 신뢰도</translation>
    </message>
    <message>
        <source>This recipe has only a detector: a box at or above this confidence fails the part (recipe.yaml)</source>
        <translation>이 레시피는 검출기만 있습니다: 이 신뢰도 이상의 박스가 있으면 불합격입니다 (recipe.yaml)</translation>
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
    <name>KeysDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>기능</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>메뉴</translation>
    </message>
    <message>
        <source>Works in</source>
        <translation>사용 위치</translation>
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
    <name>LiveArea</name>
    <message>
        <source>Latest NG parts</source>
        <translation>최근 불량 부품</translation>
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
    <name>MainMenus</name>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>검토(&amp;V)</translation>
    </message>
    <message>
        <source>Re&amp;ports</source>
        <translation>보고서(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Savings</source>
        <translation>절감(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Audit</source>
        <translation>감사(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>모델(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>카메라(&amp;C)</translation>
    </message>
    <message>
        <source>V&amp;iew</source>
        <translation>보기(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Panels and tool bars</source>
        <translation>패널과 도구 모음</translation>
    </message>
    <message>
        <source>review queue (not in the note field)</source>
        <translation>검토 대기열 (메모 칸 제외)</translation>
    </message>
    <message>
        <source>&amp;Start / stop inspection</source>
        <translation>검사 시작 / 정지(&amp;S)</translation>
    </message>
    <message>
        <source>Software &amp;trigger (one picture)</source>
        <translation>소프트웨어 트리거(&amp;T) (한 장)</translation>
    </message>
    <message>
        <source>&amp;Pause view / back to live</source>
        <translation>화면 일시정지 / 실시간으로(&amp;P)</translation>
    </message>
    <message>
        <source>Inspect &amp;images…</source>
        <translation>이미지 검사(&amp;I)…</translation>
    </message>
    <message>
        <source>Inspect a &amp;folder…</source>
        <translation>폴더 검사(&amp;F)…</translation>
    </message>
    <message>
        <source>Source: folder of images…</source>
        <translation>소스: 이미지 폴더…</translation>
    </message>
    <message>
        <source>Source: watched folder…</source>
        <translation>소스: 감시 폴더…</translation>
    </message>
    <message>
        <source>Source: video file…</source>
        <translation>소스: 동영상 파일…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Review queue</source>
        <translation>검토 대기열(&amp;R)</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>&amp;Confirmed defect</source>
        <translation>불량 확정(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;False reject</source>
        <translation>과검(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Wrong type…</source>
        <translation>유형 틀림(&amp;W)…</translation>
    </message>
    <message>
        <source>Shift &amp;report</source>
        <translation>교대조 보고서(&amp;R)</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>Save shift report as &amp;PDF…</source>
        <translation>교대조 보고서를 PDF로 저장(&amp;P)…</translation>
    </message>
    <message>
        <source>P&amp;rint shift report…</source>
        <translation>교대조 보고서 인쇄(&amp;R)…</translation>
    </message>
    <message>
        <source>Export shift as &amp;CSV…</source>
        <translation>교대조를 CSV로 내보내기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Savings estimate</source>
        <translation>절감 추정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>감사 로그(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Verify the audit chain</source>
        <translation>감사 체인 검증(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Model page…</source>
        <translation>모델 페이지(&amp;M)…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>&amp;Camera settings…</source>
        <translation>카메라 설정(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Heatmap on / off</source>
        <translation>히트맵 켜기 / 끄기(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Boxes on / off</source>
        <translation>박스 켜기 / 끄기(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>전체 화면(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>단축키 목록</translation>
    </message>
    <message>
        <source>Open the review queue first (Ctrl+R)</source>
        <translation>먼저 검토 대기열을 여십시오 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Export shift as CSV</source>
        <translation>교대조를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>{n} parts written to {file}</source>
        <translation>부품 {n}개를 {file}에 썼습니다</translation>
    </message>
    <message>
        <source>CSV not written: {error}</source>
        <translation>CSV를 쓰지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Audit log intact: {n} entries, chain and append-only triggers checked</source>
        <translation>감사 로그 이상 없음: 항목 {n}개, 체인과 추가 전용 트리거 확인됨</translation>
    </message>
    <message>
        <source>Audit log NOT intact ({n} entries): {problems}</source>
        <translation>감사 로그 손상 (항목 {n}개): {problems}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>변경 이력</translation>
    </message>
    <message>
        <source>Audit check failed: {error}</source>
        <translation>감사 검사 실패: {error}</translation>
    </message>
    <message>
        <source>main window</source>
        <translation>주 창</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspection station — {station}, {line}</source>
        <translation>검사 스테이션 — {station}, {line}</translation>
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
        <source>Model card</source>
        <translation>모델 카드</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Compare with a candidate</source>
        <translation>후보와 비교</translation>
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
    <message>
        <source>Anomaly model</source>
        <translation>이상 탐지 모델</translation>
    </message>
    <message>
        <source>Precision, recall and F1 per class</source>
        <translation>클래스별 정밀도, 재현율, F1</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>재현율</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>{n} images, threshold {t}</source>
        <translation>이미지 {n}장, 임계값 {t}</translation>
    </message>
    <message>
        <source>Detector AP per class (mAP50 {m50:.3f}, mAP50-95 {m:.3f})</source>
        <translation>클래스별 검출기 AP (mAP50 {m50:.3f}, mAP50-95 {m:.3f})</translation>
    </message>
    <message>
        <source>No evaluation files in {folder}.</source>
        <translation>{folder}에 평가 파일이 없습니다.</translation>
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
    <name>PartModel</name>
    <message>
        <source>no picture</source>
        <translation>사진 없음</translation>
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
    <name>ReviewFilters</name>
    <message>
        <source>Current shift</source>
        <translation>현재 교대조</translation>
    </message>
    <message>
        <source>Previous shift</source>
        <translation>이전 교대조</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>A shift on a day…</source>
        <translation>특정 날짜의 교대조…</translation>
    </message>
    <message>
        <source>Which parts: by the shifts of the station&apos;s calendar</source>
        <translation>어떤 부품: 스테이션 달력의 교대조 기준</translation>
    </message>
    <message>
        <source>All recipes</source>
        <translation>모든 레시피</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>레시피</translation>
    </message>
    <message>
        <source>All defect types</source>
        <translation>모든 불량 유형</translation>
    </message>
    <message>
        <source>Defect type (the most confident box)</source>
        <translation>불량 유형 (가장 신뢰도 높은 박스)</translation>
    </message>
    <message>
        <source>Decided by anyone</source>
        <translation>누가 판정했든</translation>
    </message>
    <message>
        <source>Who decided</source>
        <translation>판정자</translation>
    </message>
    <message>
        <source>Flagged parts</source>
        <translation>불량 판정 부품</translation>
    </message>
    <message>
        <source>OK parts (a sample)</source>
        <translation>양품 부품 (표본)</translation>
    </message>
    <message>
        <source>Flagged and OK (sample)</source>
        <translation>불량 판정과 양품 (표본)</translation>
    </message>
    <message>
        <source>OK parts: only those the station kept a picture of (a sample)</source>
        <translation>양품: 스테이션이 사진을 보관한 것만 (표본)</translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation>미판정</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>판정됨</translation>
    </message>
    <message>
        <source>Confirmed defects</source>
        <translation>확정된 불량</translation>
    </message>
    <message>
        <source>False rejects</source>
        <translation>과검 건수</translation>
    </message>
    <message>
        <source>Wrong type</source>
        <translation>유형 정정</translation>
    </message>
    <message>
        <source>Decided or not</source>
        <translation>판정 여부</translation>
    </message>
    <message>
        <source>Ask again (new parts since)</source>
        <translation>다시 조회 (그 뒤의 새 부품)</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Wrong type</source>
        <translation>유형 정정</translation>
    </message>
    <message>
        <source>Reason code, kept with the decision</source>
        <translation>사유 코드, 판정과 함께 보관</translation>
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
        <source>Kept with the decision; Enter or Esc returns the keys to the parts</source>
        <translation>판정과 함께 보관; Enter 또는 Esc로 키가 부품 목록으로 돌아갑니다</translation>
    </message>
    <message>
        <source>Defect [C]</source>
        <translation>불량 [C]</translation>
    </message>
    <message>
        <source>False reject [F]</source>
        <translation>과검 [F]</translation>
    </message>
    <message>
        <source>Wrong type… [W]</source>
        <translation>유형 틀림… [W]</translation>
    </message>
    <message>
        <source>Skip [S]</source>
        <translation>건너뛰기 [S]</translation>
    </message>
    <message>
        <source>Looking for parts…</source>
        <translation>부품 찾는 중…</translation>
    </message>
    <message>
        <source>OK parts are a sample: the station keeps the picture of 1 OK part in {n}; only those are shown.</source>
        <translation>양품은 표본입니다: 스테이션은 양품 {n}개 중 1개의 사진만 보관하며, 그것만 표시됩니다.</translation>
    </message>
    <message>
        <source>OK parts are a sample: only those the station kept a picture of are shown.</source>
        <translation>양품은 표본입니다: 스테이션이 사진을 보관한 것만 표시됩니다.</translation>
    </message>
    <message>
        <source>(image not kept or pruned)</source>
        <translation>(이미지 미보관 또는 삭제됨)</translation>
    </message>
    <message>
        <source>History database unreachable: {error}</source>
        <translation>이력 데이터베이스에 연결할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>{n} parts</source>
        <translation>부품 {n}개</translation>
    </message>
    <message>
        <source>Nothing to review with these filters.</source>
        <translation>이 조건으로는 판정할 부품이 없습니다.</translation>
    </message>
    <message>
        <source>Reviewing parts</source>
        <translation>부품 판정</translation>
    </message>
    <message>
        <source>Only flagged parts take a decision; this one passed.</source>
        <translation>불량 판정 부품만 판정할 수 있습니다; 이 부품은 합격입니다.</translation>
    </message>
    <message>
        <source>No part left to decide in this view.</source>
        <translation>이 보기에는 판정할 부품이 없습니다.</translation>
    </message>
    <message>
        <source>The right type</source>
        <translation>올바른 유형</translation>
    </message>
    <message>
        <source>Decision not saved: {error}</source>
        <translation>판정이 저장되지 않았습니다: {error}</translation>
    </message>
</context>
<context>
    <name>ReviewText</name>
    <message>
        <source>{s} s</source>
        <translation>{s}초</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m}분</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h}시간 {m}분</translation>
    </message>
    <message>
        <source>to decide</source>
        <translation>판정 대기</translation>
    </message>
    <message>
        <source>✔ defect</source>
        <translation>✔ 불량</translation>
    </message>
    <message>
        <source>✘ false reject</source>
        <translation>✘ 과검</translation>
    </message>
    <message>
        <source>✎ wrong type</source>
        <translation>✎ 유형 틀림</translation>
    </message>
    <message>
        <source>OK (sample)</source>
        <translation>양품 (표본)</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>합격됨</translation>
    </message>
    <message>
        <source>no box</source>
        <translation>박스 없음</translation>
    </message>
    <message>
        <source>part id {id}</source>
        <translation>부품 ID {id}</translation>
    </message>
    <message>
        <source>frame {n}</source>
        <translation>프레임 {n}</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>불합격</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>합격</translation>
    </message>
    <message>
        <source>{verdict} · score {score} (threshold {threshold}) · {boxes}</source>
        <translation>{verdict} · 점수 {score} (임계값 {threshold}) · {boxes}</translation>
    </message>
    <message>
        <source>{recipe} · inspected {when} · shift {shift} · station {station}</source>
        <translation>{recipe} · 검사 {when} · 교대조 {shift} · 스테이션 {station}</translation>
    </message>
    <message>
        <source>models {hashes}</source>
        <translation>모델 {hashes}</translation>
    </message>
    <message>
        <source>Passed; OK parts take no decision here</source>
        <translation>합격; 양품은 여기서 판정하지 않습니다</translation>
    </message>
    <message>
        <source>Not decided yet</source>
        <translation>아직 판정 안 됨</translation>
    </message>
    <message>
        <source>Confirmed defect</source>
        <translation>불량 확정</translation>
    </message>
    <message>
        <source>False reject</source>
        <translation>과검</translation>
    </message>
    <message>
        <source>Wrong type, is {type}</source>
        <translation>유형 틀림, 실제 {type}</translation>
    </message>
    <message>
        <source>{decision} by {user}, {when}</source>
        <translation>{decision} ({user}, {when})</translation>
    </message>
    <message>
        <source>; reason: {reason}</source>
        <translation>; 사유: {reason}</translation>
    </message>
    <message>
        <source>; note: {note}</source>
        <translation>; 메모: {note}</translation>
    </message>
    <message>
        <source>Saved: {decision} ({user})</source>
        <translation>저장됨: {decision} ({user})</translation>
    </message>
    <message>
        <source>{shift}: false rejects {fr}, confirmed {cd}, pending {pending}</source>
        <translation>{shift}: 과검 {fr}, 불량 확정 {cd}, 판정 대기 {pending}</translation>
    </message>
    <message>
        <source>No flagged parts in this period.</source>
        <translation>이 기간에 불량 판정 부품이 없습니다.</translation>
    </message>
    <message>
        <source>Time to decision: median {shown} on screen (90 % within {p90}; decisions timed: {n}); flagged parts waited a median {waited} from inspection to decision (decisions: {m}).</source>
        <translation>판정까지 시간: 화면 표시 후 중앙값 {shown} (90 %는 {p90} 이내; 측정된 판정 {n}건); 불량 판정 부품은 검사부터 판정까지 중앙값 {waited} 대기 (판정 {m}건).</translation>
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
        <source>PAUSED VIEW</source>
        <translation>화면 일시정지</translation>
    </message>
    <message>
        <source>no part yet (P: back to live)</source>
        <translation>아직 부품 없음 (P: 실시간으로)</translation>
    </message>
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
        <source>ERROR</source>
        <translation>검사 오류</translation>
    </message>
    <message>
        <source>box confidence {score}   threshold {threshold}</source>
        <translation>박스 신뢰도 {score}   임계값 {threshold}</translation>
    </message>
    <message>
        <source>{name}: live inspection goes on (P: back to live)</source>
        <translation>{name}: 실시간 검사는 계속됩니다 (P: 실시간으로)</translation>
    </message>
    <message>
        <source>defect score {score}   threshold {threshold}</source>
        <translation>불량 점수 {score}   판정 기준 {threshold}</translation>
    </message>
</context>
</TS>
