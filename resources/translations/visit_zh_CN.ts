<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BooleanField</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Household register (hukou)</source>
        <translation>户口簿</translation>
    </message>
    <message>
        <source>Certificate (e.g. minimum-living, disability)</source>
        <translation>证明材料（如低保证、残疾人证）</translation>
    </message>
    <message>
        <source>Proof of income</source>
        <translation>收入证明</translation>
    </message>
    <message>
        <source>Signed authorisation for roster checks</source>
        <translation>名册核查书面授权书</translation>
    </message>
    <message>
        <source>Photo of the home</source>
        <translation>居住环境照片</translation>
    </message>
    <message>
        <source>Other document</source>
        <translation>其他材料</translation>
    </message>
    <message>
        <source>Add a photo or document</source>
        <translation>添加照片或材料</translation>
    </message>
    <message>
        <source>Import a photo or PDF</source>
        <translation>导入照片或 PDF</translation>
    </message>
    <message>
        <source>Photos and PDF (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>照片和 PDF (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>PDF document ready to save.</source>
        <translation>PDF 文件已就绪，可以保存。</translation>
    </message>
    <message>
        <source>Only JPEG and PNG photos and PDF documents can be added.</source>
        <translation>只能添加 JPEG、PNG 照片和 PDF 文件。</translation>
    </message>
    <message>
        <source>Drag over details to black them out before saving.</source>
        <translation>保存前，用鼠标拖选需要遮挡的信息，将其涂黑。</translation>
    </message>
    <message>
        <source>No camera found; import a file instead.</source>
        <translation>未找到摄像头，请改为导入文件。</translation>
    </message>
    <message>
        <source>Import a photo or PDF, drop a file here, or take a photo. Black out personal details that do not belong to this visit before saving.</source>
        <translation>导入照片或 PDF、把文件拖到这里，或直接拍照。保存前请涂黑与本次家访无关的个人信息。</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Start &amp;camera</source>
        <translation>打开摄像头(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Take photo</source>
        <translation>拍照(&amp;T)</translation>
    </message>
    <message>
        <source>Document &amp;type</source>
        <translation>材料类型(&amp;T)</translation>
    </message>
    <message>
        <source>Rotate &amp;left</source>
        <translation>向左旋转(&amp;L)</translation>
    </message>
    <message>
        <source>Rotate &amp;right</source>
        <translation>向右旋转(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Black out</source>
        <translation>涂黑(&amp;B)</translation>
    </message>
    <message>
        <source>C&amp;rop</source>
        <translation>裁剪(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Save to this visit</source>
        <translation>保存到本次家访(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
</context>
<context>
    <name>CommentNote</name>
    <message>
        <source>Supervisor's comment: %1</source>
        <translation>审核意见：%1</translation>
    </message>
    <message>
        <source>Answer the supervisor (what you checked or changed)</source>
        <translation>回复审核人员（核实了什么、改了什么）</translation>
    </message>
    <message>
        <source>Send answer</source>
        <translation>发送回复</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>waiting for sync</source>
        <translation>等待同步</translation>
    </message>
    <message>
        <source>Your answer (%1): %2</source>
        <translation>我的回复（%1）：%2</translation>
    </message>
    <message>
        <source>Change answer</source>
        <translation>修改回复</translation>
    </message>
    <message>
        <source>Write an answer first.</source>
        <translation>请先写下回复内容。</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Photograph the documents that support the answers (ID cards, household register, certificates). Black out details of people who are not part of this visit.</source>
        <translation>拍摄支持所填内容的材料（身份证、户口簿、证明等）。与本次家访无关人员的信息请涂黑。</translation>
    </message>
    <message>
        <source>&amp;Add photo or document…</source>
        <translation>添加照片或材料(&amp;A)…</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
</context>
<context>
    <name>FinalizeConfirm</name>
    <message>
        <source>Finalize the visit</source>
        <translation>定稿</translation>
    </message>
    <message>
        <source>The visit record (version %1) with the consent record</source>
        <translation>家访记录（第 %1 版）及知情同意记录</translation>
    </message>
    <message>
        <source>%1 photos and documents</source>
        <translation>%1 张照片和证件</translation>
    </message>
    <message>
        <source>%1 signatures</source>
        <translation>%1 个签名</translation>
    </message>
    <message>
        <source>%1 flags (%2 explained, %3 not explained yet)</source>
        <translation>%1 条核查提示（已说明 %2 条，尚未说明 %3 条）</translation>
    </message>
    <message>
        <source>Finalize this visit? It becomes read-only on this device and is sent to your supervisor at the next sync:</source>
        <translation>确定定稿吗？定稿后本机上不能再修改，下次同步时将发送给督导：</translation>
    </message>
    <message>
        <source>%1 flags have no explanation yet. You can still explain them after finalizing, until the supervisor decides them; the visit cannot be approved before that.</source>
        <translation>有 %1 条核查提示尚未说明。定稿后仍可在右侧补充说明，直到督导作出决定；在此之前这次家访不能通过审核。</translation>
    </message>
    <message>
        <source>&amp;Finalize</source>
        <translation>定稿(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keep checking</source>
        <translation>继续检查(&amp;K)</translation>
    </message>
</context>
<context>
    <name>FinalizePage</name>
    <message>
        <source>Still to do (click one to go there):</source>
        <translation>尚未完成（点击一项即可跳转）：</translation>
    </message>
    <message>
        <source>&amp;Finalize the visit…</source>
        <translation>定稿(&amp;F)…</translation>
    </message>
    <message>
        <source>A finalized visit is read-only on this device. It is sent to your supervisor at the next sync. Flags can still be explained until the supervisor decides them.</source>
        <translation>定稿后的家访在本机上为只读，下次同步时发送给督导。核查提示在督导作出决定前仍可补充说明。</translation>
    </message>
    <message>
        <source>This visit is finalized (version %1).</source>
        <translation>本次家访已定稿（第 %1 版）。</translation>
    </message>
    <message>
        <source>Recommended level: %1</source>
        <translation>建议认定档次：%1</translation>
    </message>
    <message>
        <source>consent signature</source>
        <translation>知情同意签名</translation>
    </message>
    <message>
        <source>guardian's signature</source>
        <translation>监护人签名</translation>
    </message>
    <message>
        <source>visitor's signature</source>
        <translation>家访人员签名</translation>
    </message>
    <message>
        <source>Flags still open: %1. The supervisor cannot approve the visit until they are explained.</source>
        <translation>还有 %1 条核查提示未说明：说明之前审核人员无法通过本次家访。</translation>
    </message>
</context>
<context>
    <name>FlagCard</name>
    <message>
        <source>Public-finance employee</source>
        <translation>财政供养人员</translation>
    </message>
    <message>
        <source>Corporate officer</source>
        <translation>企业法人代表或高管</translation>
    </message>
    <message>
        <source>Follow-up question</source>
        <translation>建议追问</translation>
    </message>
    <message>
        <source>What the family said (e.g. retired, company deregistered)</source>
        <translation>家庭的说明（如已退休、企业已注销）</translation>
    </message>
    <message>
        <source>Record explanation</source>
        <translation>记录说明</translation>
    </message>
    <message>
        <source>Open — ask the question below</source>
        <translation>待核实 — 请询问下面的问题</translation>
    </message>
    <message>
        <source>✓ Explained — waiting for the supervisor</source>
        <translation>✓ 已说明，等待督导决定</translation>
    </message>
    <message>
        <source>Confirmed by the supervisor</source>
        <translation>审核人员已确认</translation>
    </message>
    <message>
        <source>Dismissed by the supervisor</source>
        <translation>审核人员已排除</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Things to verify</source>
        <translation>核查提示</translation>
    </message>
    <message>
        <source>No flags. Flags appear here as soon as an answer needs a follow-up question.</source>
        <translation>暂无核查提示。一旦某项回答需要追问，提示会立即显示在这里。</translation>
    </message>
    <message>
        <source>Things to verify (%1 open)</source>
        <translation>核查提示（%1 条待核实）</translation>
    </message>
</context>
<context>
    <name>ImageEditor</name>
    <message>
        <source>Photo being edited</source>
        <translation>正在编辑的照片</translation>
    </message>
</context>
<context>
    <name>LineField</name>
    <message>
        <source>not filled in</source>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>RosterEditor</name>
    <message>
        <source>Add a member</source>
        <translation>添加成员</translation>
    </message>
</context>
<context>
    <name>ScoreBox</name>
    <message>
        <source>Indicator score: %1 — suggested level: %2</source>
        <translation>量化指标得分：%1 — 参考档次：%2</translation>
    </message>
    <message>
        <source>The score only suggests; if you recommend another level, give a reason.</source>
        <translation>得分仅供参考；建议档次与参考档次不同时，请说明理由。</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Save signature</source>
        <translation>保存签名</translation>
    </message>
    <message>
        <source>Signature on file.</source>
        <translation>已签名。</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <source>Sign inside the box with a mouse, pen or finger.</source>
        <translation>请用鼠标、手写笔或手指在框内签名。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <translation>签名板</translation>
    </message>
</context>
<context>
    <name>SignaturesPage</name>
    <message>
        <source>Guardian's signature</source>
        <translation>监护人签名</translation>
    </message>
    <message>
        <source>Visitor's signature</source>
        <translation>家访人员签名</translation>
    </message>
</context>
<context>
    <name>VisitWizard</name>
    <message>
        <source>Home visit</source>
        <translation>家访记录</translation>
    </message>
    <message>
        <source>Guardian's signature on the consent</source>
        <translation>监护人在知情同意书上签名</translation>
    </message>
    <message>
        <source>Documents and photos</source>
        <translation>材料与照片</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>定稿</translation>
    </message>
    <message>
        <source>Student: %1</source>
        <translation>学生：%1</translation>
    </message>
    <message>
        <source>Guardian: %1</source>
        <translation>监护人：%1</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>正在编辑…</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned for revision</source>
        <translation>已退回修改</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修订</translation>
    </message>
    <message>
        <source>Returned by the supervisor:</source>
        <translation>审核人员退回，意见如下：</translation>
    </message>
    <message>
        <source>Answer saved; it reaches the supervisor at the next sync.</source>
        <translation>回复已保存，下次同步时发送给审核人员。</translation>
    </message>
    <message>
        <source>◀ %1: %2 required answers missing — go back</source>
        <translation>◀ 「%1」还有 %2 项必填未填，点此返回填写</translation>
    </message>
    <message>
        <source>All changes saved.</source>
        <translation>所有修改已保存。</translation>
    </message>
    <message>
        <source>Saving the photo…</source>
        <translation>正在保存照片…</translation>
    </message>
    <message>
        <source>The visit is finalized.</source>
        <translation>本次家访已定稿。</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
</context>
<context>
    <name>_ItemBox</name>
    <message>
        <source>Remove this member</source>
        <translation>删除此成员</translation>
    </message>
</context>
</TS>