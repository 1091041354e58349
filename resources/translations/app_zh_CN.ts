<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Answer the hand-back</source>
        <translation>答复移交申请</translation>
    </message>
    <message>
        <source>{0} hands back {1}: {2}</source>
        <translation>{0} 申请移交 {1}：{2}</translation>
    </message>
    <message>
        <source>&amp;Accept and reassign</source>
        <translation>同意并改派(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>不同意(&amp;D)</translation>
    </message>
    <message>
        <source>New &amp;counselor</source>
        <translation>接手辅导员(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
</context>
<context>
    <name>AppWindow</name>
    <message>
        <source>Homevisit</source>
        <translation>家访通</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;witch user</source>
        <translation>切换用户(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>Locked after inactivity.</source>
        <translation>长时间未操作，已自动锁定。</translation>
    </message>
    <message>
        <source>Locked because the computer was suspended.</source>
        <translation>电脑已挂起，已自动锁定。</translation>
    </message>
    <message>
        <source>Locked because the computer was asleep.</source>
        <translation>电脑曾休眠，已自动锁定。</translation>
    </message>
    <message>
        <source>Locked because the session was locked.</source>
        <translation>电脑已锁屏，已自动锁定。</translation>
    </message>
    <message>
        <source>Choose a user.</source>
        <translation>请选择用户。</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>已锁定。</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Appointment</source>
        <translation>预约家访</translation>
    </message>
    <message>
        <source>Change appointment</source>
        <translation>修改预约</translation>
    </message>
    <message>
        <source>&amp;Date and time (Beijing)</source>
        <translation>日期和时间（北京时间）(&amp;D)</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>方式(&amp;M)</translation>
    </message>
    <message>
        <source>e.g. after school; the father works nights</source>
        <translation>例如：放学后；父亲上夜班</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
</context>
<context>
    <name>CaseScreen</name>
    <message>
        <source>Documents brought</source>
        <translation>已带材料</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>办理步骤</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>University</source>
        <translation>就读高校</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学历层次</translation>
    </message>
    <message>
        <source>New or current</source>
        <translation>新生或在校生</translation>
    </message>
    <message>
        <source>Co-borrower</source>
        <translation>共同借款人</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>与学生关系</translation>
    </message>
    <message>
        <source>Problems and outcome</source>
        <translation>问题与结果</translation>
    </message>
    <message>
        <source>Problems and how they were solved</source>
        <translation>遇到的问题及解决办法</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>后续跟进</translation>
    </message>
    <message>
        <source>What to bring next time…</source>
        <translation>下次请带…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>结束办理</translation>
    </message>
    <message>
        <source>first loan</source>
        <translation>首贷</translation>
    </message>
    <message>
        <source>renewal</source>
        <translation>续贷</translation>
    </message>
    <message>
        <source>Ticket %1 · %2</source>
        <translation>第 %1 号 · %2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>E&amp;xport tables…</source>
        <translation>导出表格(&amp;X)…</translation>
    </message>
    <message>
        <source>No figures yet: the server computes them for your area at each sync. Sync once while online.</source>
        <translation>还没有统计数据：服务器在每次同步时为您的辖区计算。请联网同步一次。</translation>
    </message>
    <message>
        <source>Figures as of %1, computed by the server for your whole area (they stay the same offline and when approved visits leave this laptop).</source>
        <translation>数据截至 %1，由服务器按您的整个辖区统计（离线时、审核通过的记录从本机清除后，数字都不变）。</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>核查提示</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>档次</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>家访方式</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>政策</translation>
    </message>
    <message>
        <source>Desk and day</source>
        <translation>办理点与日期</translation>
    </message>
    <message>
        <source>Nothing to count yet</source>
        <translation>暂无可统计的数据</translation>
    </message>
    <message>
        <source>The figures could not be read.</source>
        <translation>无法读取统计数据。</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>I have read this</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Raise a flag…</source>
        <translation>添加核查提示…</translation>
    </message>
    <message>
        <source>Return with comments…</source>
        <translation>退回并填写意见…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>The server refused your decision: %1</source>
        <translation>服务器拒绝了您的决定：%1</translation>
    </message>
    <message>
        <source>Your decision is saved and goes to the server at the next sync.</source>
        <translation>您的决定已保存，下次同步时发送到服务器。</translation>
    </message>
    <message>
        <source>This visit is not awaiting review; there is nothing to decide.</source>
        <translation>这次家访不在待审核状态，无需处理。</translation>
    </message>
</context>
<context>
    <name>DelegationAnswerDialog</name>
    <message>
        <source>&amp;Save answer</source>
        <translation>保存答复(&amp;S)</translation>
    </message>
    <message>
        <source>Answer a visit request</source>
        <translation>答复家访请求</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>请求人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>谢绝</translation>
    </message>
    <message>
        <source>Counselor who visits (username)</source>
        <translation>前往家访的辅导员（用户名）</translation>
    </message>
    <message>
        <source>Reason for declining</source>
        <translation>谢绝原因</translation>
    </message>
</context>
<context>
    <name>DelegationRequestDialog</name>
    <message>
        <source>Send &amp;request</source>
        <translation>发送请求(&amp;R)</translation>
    </message>
    <message>
        <source>Ask for a joint or delegated visit</source>
        <translation>请求联合/委托家访</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Visit together with a colleague (joint visit)</source>
        <translation>请同事一起家访（联合家访）</translation>
    </message>
    <message>
        <source>A colleague visits instead of me</source>
        <translation>请同事代为家访</translation>
    </message>
    <message>
        <source>Another office or county visits on our behalf</source>
        <translation>委托其他单位或县区代为家访（委托家访）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Username of the person asked</source>
        <translation>被委托人的用户名</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>While the request stands, the person asked sees this household on their laptop; the access ends when the visit is approved.</source>
        <translation>委托期间，被委托人可在其电脑上看到这户家庭；家访审核通过后，其访问权限自动结束。</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Set up Homevisit on this computer</source>
        <translation>在本机设置家访通</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>太短</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>较强</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>Fill in the server address, username and password.</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>At least {0} characters. A short sentence is easy to remember.</source>
        <translation>至少 {0} 个字符。一句短话更容易记住。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>Downloading your households… {0} of {1} records received</source>
        <translation>正在下载您负责的家庭…已接收 {0} / {1} 条记录</translation>
    </message>
    <message>
        <source>Downloading your households… {0} records received</source>
        <translation>正在下载您负责的家庭…已接收 {0} 条记录</translation>
    </message>
    <message>
        <source>Set up, but the download did not finish: {0} It continues at the next sync.</source>
        <translation>已设置完成，但下载未完成：{0} 下次同步时会继续。</translation>
    </message>
    <message>
        <source>Sign in with the account your aid office gave you. This computer is registered to you.</source>
        <translation>请使用资助管理部门分配的账号登录。本机将登记在您名下。</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>Pass&amp;word</source>
        <translation>密码(&amp;W)</translation>
    </message>
    <message>
        <source>Choose a passphrase for this computer. It encrypts your households here and is never sent anywhere. If you forget it, the local data cannot be recovered; sync again from the server.</source>
        <translation>请为本机设置一个口令。它用于加密本机上的家访数据，不会发送到任何地方。忘记口令后本机数据无法恢复，只能从服务器重新同步。</translation>
    </message>
    <message>
        <source>&amp;Name on this computer</source>
        <translation>本机显示名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>口令(&amp;P)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>&amp;Repeat</source>
        <translation>再次输入(&amp;R)</translation>
    </message>
    <message>
        <source>Downloading your households…</source>
        <translation>正在下载您的家访户…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>Include full ID numbers and phones</source>
        <translation>包含完整身份证号和电话</translation>
    </message>
    <message>
        <source>Full numbers need your passphrase again; the file is recorded in the audit log. Keep it safe and delete it after use.</source>
        <translation>完整号码需要再次输入口令；本次导出记入审计日志。请妥善保管文件，用后删除。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>Full ID numbers and phones are not offered: the server's policy does not allow your role to export them. Ask your administrator if your office needs them.</source>
        <translation>不能导出完整身份证号和电话：服务器策略不允许您的角色导出。如工作确需，请联系管理员。</translation>
    </message>
    <message>
        <source>Export the review list</source>
        <translation>导出审核列表</translation>
    </message>
    <message>
        <source>%1 visits exported to %2.</source>
        <translation>已导出 %1 次家访到 %2。</translation>
    </message>
    <message>
        <source>Print visit record</source>
        <translation>打印家访记录</translation>
    </message>
    <message>
        <source>The visit record was saved as %1.</source>
        <translation>家访记录已保存为 %1。</translation>
    </message>
    <message>
        <source>Export the dashboard's tables</source>
        <translation>导出统计表格</translation>
    </message>
    <message>
        <source>The dashboard's tables were saved as %1.</source>
        <translation>统计表格已保存为 %1。</translation>
    </message>
</context>
<context>
    <name>FlagDecisionDialog</name>
    <message>
        <source>Save the decision</source>
        <translation>保存决定</translation>
    </message>
    <message>
        <source>Decide a flag</source>
        <translation>处理核查提示</translation>
    </message>
    <message>
        <source>Confirm: the flag holds</source>
        <translation>确认：情况属实</translation>
    </message>
    <message>
        <source>Dismiss: the flag does not hold</source>
        <translation>排除：情况不属实</translation>
    </message>
    <message>
        <source>Reason (required), e.g. retired, not the custodial parent, company deregistered:</source>
        <translation>排除理由（必填），例如：已退休、非监护人、公司已注销：</translation>
    </message>
    <message>
        <source>Note (optional): what you checked</source>
        <translation>说明（选填）：核实了什么</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Counselor's explanation: %1</source>
        <translation>辅导员说明：%1</translation>
    </message>
</context>
<context>
    <name>GrowthView</name>
    <message>
        <source>Student:</source>
        <translation>学生：</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print the growth record</source>
        <translation>打印成长档案</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>School year</source>
        <translation>学年</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>No student recorded in this household.</source>
        <translation>该户尚未登记学生。</translation>
    </message>
    <message>
        <source>The growth record shows ID numbers masked; printing is recorded in the audit log.</source>
        <translation>成长档案中的身份证号码均已隐去部分数字；打印会记录在审计日志中。</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Level by school year: %1</source>
        <translation>各学年认定档次：%1</translation>
    </message>
    <message>
        <source>none recognised yet</source>
        <translation>尚无认定</translation>
    </message>
    <message>
        <source>Aid received: %1</source>
        <translation>已获资助：%1</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
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
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>First loan</source>
        <translation>首贷</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>续贷</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Documents missing</source>
        <translation>材料不全</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>已转介</translation>
    </message>
    <message>
        <source>(visit approved)</source>
        <translation>（家访审核通过）</translation>
    </message>
</context>
<context>
    <name>HandbackDialog</name>
    <message>
        <source>Hand back this household</source>
        <translation>移交这户家庭</translation>
    </message>
    <message>
        <source>Your supervisor decides. If they accept, the household moves to another counselor at the next sync; anything not yet sent stays on this computer.</source>
        <translation>由主管决定。主管同意后，下次同步时这户家庭将转给其他辅导员；尚未发送的内容会保留在本机。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
</context>
<context>
    <name>HelpDeskPage</name>
    <message>
        <source>Help desk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <source>Which desk are you at today?</source>
        <translation>您今天在哪个办理点？</translation>
    </message>
    <message>
        <source>Start the day at this desk</source>
        <translation>在此办理点开始今天的工作</translation>
    </message>
    <message>
        <source>You have no shift today. Sync to fetch your shifts, or ask the administrator to give you one.</source>
        <translation>您今天没有值班安排。请先同步以获取值班安排，或请管理员为您安排值班。</translation>
    </message>
    <message>
        <source>Ticket: first loan</source>
        <translation>取号：首贷</translation>
    </message>
    <message>
        <source>Ticket: renewal</source>
        <translation>取号：续贷</translation>
    </message>
    <message>
        <source>Call next ticket</source>
        <translation>叫下一个号</translation>
    </message>
    <message>
        <source>Today's summary (my cases)</source>
        <translation>今日小结（我办理的）</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>等候：%1 人</translation>
    </message>
    <message>
        <source>first loan</source>
        <translation>首贷</translation>
    </message>
    <message>
        <source>renewal</source>
        <translation>续贷</translation>
    </message>
    <message>
        <source>Save slip as PDF</source>
        <translation>将清单存为 PDF</translation>
    </message>
    <message>
        <source>What to bring next time</source>
        <translation>下次请带</translation>
    </message>
    <message>
        <source>Enter your passphrase to print the slip. This is recorded.</source>
        <translation>请输入口令以打印清单。此操作会被记录。</translation>
    </message>
    <message>
        <source>The slip was saved.</source>
        <translation>清单已保存。</translation>
    </message>
</context>
<context>
    <name>HouseholdDetailDialog</name>
    <message>
        <source>Household</source>
        <translation>家庭详情</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
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
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待说明</translation>
    </message>
    <message>
        <source>Explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Public-finance employee</source>
        <translation>财政供养人员</translation>
    </message>
    <message>
        <source>Corporate officer</source>
        <translation>企业法人代表/高管</translation>
    </message>
    <message>
        <source>Roster match</source>
        <translation>名单比对</translation>
    </message>
    <message>
        <source>Visit answers</source>
        <translation>家访答案</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source> (guardian)</source>
        <translation>（监护人）</translation>
    </message>
    <message>
        <source> (student)</source>
        <translation>（学生）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Recommended level</source>
        <translation>建议认定等级</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>家访人员</translation>
    </message>
    <message>
        <source>Delegated by</source>
        <translation>委托单位</translation>
    </message>
    <message>
        <source>Continue &amp;visit</source>
        <translation>继续家访(&amp;V)</translation>
    </message>
    <message>
        <source>Start &amp;visit</source>
        <translation>开始家访(&amp;V)</translation>
    </message>
    <message>
        <source>No flags.</source>
        <translation>没有核查提示。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>可询问</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Print visit record…</source>
        <translation>打印家访记录(&amp;P)…</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Enter your passphrase to show full ID numbers and phones. This is recorded.</source>
        <translation>请输入口令以显示完整的身份证号和电话。此操作会被记录。</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>家访截止</translation>
    </message>
    <message>
        <source>Special categories</source>
        <translation>特殊类别</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>核查提示</translation>
    </message>
    <message>
        <source>Visit history</source>
        <translation>家访记录</translation>
    </message>
    <message>
        <source>Growth record</source>
        <translation>资助成长档案</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Show &amp;full numbers…</source>
        <translation>显示完整号码(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Appointment…</source>
        <translation>预约(&amp;A)…</translation>
    </message>
    <message>
        <source>Hand &amp;back…</source>
        <translation>申请移交(&amp;B)…</translation>
    </message>
    <message>
        <source>Ask for a &amp;joint or delegated visit…</source>
        <translation>请求联合/委托家访(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>School and grade</source>
        <translation>学校和年级</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>家访截止</translation>
    </message>
    <message>
        <source>Visit status</source>
        <translation>家访状态</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>核查提示</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>未家访</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
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
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>All households</source>
        <translation>全部家庭</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>家访截止</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>未家访</translation>
    </message>
    <message>
        <source>Returned for revision</source>
        <translation>退回待修改</translation>
    </message>
    <message>
        <source>With open flags</source>
        <translation>有待处理核查提示</translation>
    </message>
    <message>
        <source>{0} households</source>
        <translation>共 {0} 户</translation>
    </message>
    <message>
        <source>{0}+ households</source>
        <translation>超过 {0} 户</translation>
    </message>
    <message>
        <source>No household matches “%1”. Check the spelling, or search by pinyin initials, the last digits of an ID number or the village.</source>
        <translation>没有找到与“%1”相符的家庭。请检查输入，或按拼音首字母、身份证号末几位或村名搜索。</translation>
    </message>
    <message>
        <source>No households in this list.</source>
        <translation>这个列表中没有家庭。</translation>
    </message>
    <message>
        <source>The list could not be read.</source>
        <translation>无法读取列表。</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>Name, pinyin initials (zs), last digits of an ID, or address</source>
        <translation>姓名、拼音首字母（如 zs）、身份证后几位或地址</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>显示(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Propose a household…</source>
        <translation>提议新家庭(&amp;P)…</translation>
    </message>
    <message>
        <source>A family in difficulty that is on no list: propose it to your supervisor (consent first)</source>
        <translation>不在任何名单上的困难家庭：提议给审核人（先取得同意）</translation>
    </message>
    <message>
        <source>&amp;Open household</source>
        <translation>打开家庭(&amp;O)</translation>
    </message>
    <message>
        <source>Start &amp;visit</source>
        <translation>开始家访(&amp;V)</translation>
    </message>
</context>
<context>
    <name>MainShell</name>
    <message>
        <source>&amp;My visits</source>
        <translation>我的家访(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审核(&amp;R)</translation>
    </message>
    <message>
        <source>Sc&amp;hedule</source>
        <translation>日程(&amp;H)</translation>
    </message>
    <message>
        <source>Team &amp;week</source>
        <translation>团队日程(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>统计(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;quests</source>
        <translation>委托与提议(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help desk</source>
        <translation>服务台(&amp;H)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>设置(&amp;T)</translation>
    </message>
</context>
<context>
    <name>PhoneReveal</name>
    <message>
        <source>Show phone</source>
        <translation>显示电话</translation>
    </message>
    <message>
        <source>Enter your passphrase to show the phone number. This is recorded.</source>
        <translation>请输入口令以显示电话号码。此操作会被记录。</translation>
    </message>
</context>
<context>
    <name>Planning</name>
    <message>
        <source>Moved away</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <source>Conflict of interest</source>
        <translation>利益冲突</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>联系不上</translation>
    </message>
    <message>
        <source>Other (say what in the note)</source>
        <translation>其他（请在备注中说明）</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>waiting for the supervisor</source>
        <translation>等待主管答复</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已同意</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>未同意</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>No appointment yet.</source>
        <translation>尚无预约。</translation>
    </message>
    <message>
        <source>Hand-backs</source>
        <translation>移交申请</translation>
    </message>
</context>
<context>
    <name>ProposalDecisionDialog</name>
    <message>
        <source>&amp;Save decision</source>
        <translation>保存决定(&amp;S)</translation>
    </message>
    <message>
        <source>Decide on a proposed household</source>
        <translation>处理提议的家庭</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>提议人</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>提议原因</translation>
    </message>
    <message>
        <source>Accept: the household is assigned to the proposing counselor</source>
        <translation>接收：该户分配给提议的辅导员</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>谢绝</translation>
    </message>
    <message>
        <source>Reason (the counselor sees it)</source>
        <translation>原因（提议的辅导员会看到）</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <source>&amp;Propose</source>
        <translation>提交提议(&amp;P)</translation>
    </message>
    <message>
        <source>Propose a household</source>
        <translation>提议新家庭</translation>
    </message>
    <message>
        <source>1. Consent first</source>
        <translation>1. 先取得同意</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>告知书</translation>
    </message>
    <message>
        <source>I explained the privacy notice to the family</source>
        <translation>已向家庭说明隐私告知书</translation>
    </message>
    <message>
        <source>The family agrees to be proposed for student aid</source>
        <translation>家庭同意被提议参加资助认定</translation>
    </message>
    <message>
        <source>2. The family (no ID numbers)</source>
        <translation>2. 家庭信息（无需身份证号）</translation>
    </message>
    <message>
        <source>Township or county code</source>
        <translation>乡镇或县区代码</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Contact's name</source>
        <translation>联系人姓名</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>Contact's relation to the student</source>
        <translation>联系人与学生的关系</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>提议原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Saved on this laptop now; it reaches your supervisor at the next sync. You will see the decision here.</source>
        <translation>现在保存在本机，下次同步时送达审核人。处理结果会显示在这里。</translation>
    </message>
</context>
<context>
    <name>RaiseFlagDialog</name>
    <message>
        <source>Raise the flag</source>
        <translation>提出核查</translation>
    </message>
    <message>
        <source>Raise a flag</source>
        <translation>提出核查提示</translation>
    </message>
    <message>
        <source>A flag asks the counselor to verify; it is never a verdict. The visit cannot be approved until it is decided.</source>
        <translation>核查提示只是请辅导员核实，不是结论。处理之前，这次家访不能批准。</translation>
    </message>
    <message>
        <source>The household (no one member)</source>
        <translation>整户（不针对某位成员）</translation>
    </message>
    <message>
        <source>Member:</source>
        <translation>成员：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>What you found:</source>
        <translation>发现的情况：</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>&amp;Dismiss</source>
        <translation>知道了(&amp;D)</translation>
    </message>
    <message>
        <source>Home visit reminder: {0} at {1}</source>
        <translation>家访提醒：{1} {0}</translation>
    </message>
    <message>
        <source>a household</source>
        <translation>一户家庭</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Requested</source>
        <translation>待答复</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已谢绝</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Waiting for decision</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Joint visit</source>
        <translation>联合家访</translation>
    </message>
    <message>
        <source>Visit instead</source>
        <translation>代为家访</translation>
    </message>
    <message>
        <source>Office delegation (委托家访)</source>
        <translation>委托家访</translation>
    </message>
    <message>
        <source>Joint and delegated visits</source>
        <translation>联合与委托家访</translation>
    </message>
    <message>
        <source>&amp;Answer…</source>
        <translation>答复(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>撤回(&amp;W)</translation>
    </message>
    <message>
        <source>Ask another &amp;office to visit…</source>
        <translation>委托其他单位家访(&amp;O)…</translation>
    </message>
    <message>
        <source>Proposed households to decide</source>
        <translation>待处理的提议家庭</translation>
    </message>
    <message>
        <source>My proposed households</source>
        <translation>我提议的家庭</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>处理(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Propose a household…</source>
        <translation>提议新家庭(&amp;P)…</translation>
    </message>
    <message>
        <source>(waiting to sync)</source>
        <translation>（待同步）</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>请求人</translation>
    </message>
    <message>
        <source>Person asked</source>
        <translation>被委托人</translation>
    </message>
    <message>
        <source>Note or reason</source>
        <translation>说明或原因</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>提议原因</translation>
    </message>
    <message>
        <source>Decision reason</source>
        <translation>处理原因</translation>
    </message>
    <message>
        <source>Sync first: no household of your office is on this computer yet.</source>
        <translation>请先同步：本机还没有本单位的家庭。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return to the counselor</source>
        <translation>退回辅导员</translation>
    </message>
    <message>
        <source>Return for revision</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Say what the counselor should check, add or change. Each comment is shown next to its field in the counselor's form.</source>
        <translation>写下需要辅导员核实、补充或修改的内容。每条意见会显示在辅导员表单中对应的填写项旁边。</translation>
    </message>
    <message>
        <source>The whole visit</source>
        <translation>整体意见</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) · team: %3 · region: %4</source>
        <translation>当前用户：%1（%2）· 团队：%3 · 地区：%4</translation>
    </message>
    <message>
        <source>Search: student or family name, pinyin initials (zxm), last digits of an ID</source>
        <translation>搜索：学生或家长姓名、拼音首字母（如 zxm）、身份证号后几位</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Waiting longest first</source>
        <translation>等待最久在前</translation>
    </message>
    <message>
        <source>Most undecided flags first</source>
        <translation>待处理核查提示多的在前</translation>
    </message>
    <message>
        <source>Highest score first</source>
        <translation>得分高的在前</translation>
    </message>
    <message>
        <source>By family name</source>
        <translation>按姓名</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Any flags</source>
        <translation>核查提示：不限</translation>
    </message>
    <message>
        <source>Undecided flags</source>
        <translation>有待处理的核查提示</translation>
    </message>
    <message>
        <source>No undecided flags</source>
        <translation>无待处理的核查提示</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>All schools</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>All counselors</source>
        <translation>全部辅导员</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部档次</translation>
    </message>
    <message>
        <source>Visited between</source>
        <translation>家访日期</translation>
    </message>
    <message>
        <source>E&amp;xport XLSX…</source>
        <translation>导出 XLSX(&amp;X)…</translation>
    </message>
    <message>
        <source>Show &amp;all</source>
        <translation>显示全部(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Open for review</source>
        <translation>打开审核(&amp;O)</translation>
    </message>
    <message>
        <source>Decisions the server refused: %1. The reason is in the Note column; open the visit to decide again.</source>
        <translation>被服务器拒绝的审核决定：%1 项。原因见“说明”列；请打开该家访重新处理。</translation>
    </message>
    <message>
        <source>Visits: %1</source>
        <translation>共 %1 条家访</translation>
    </message>
    <message>
        <source>No visit matches “%1”. Search by the student's or a parent's name, pinyin initials or the last digits of an ID number.</source>
        <translation>没有与“%1”相符的家访。可按学生或家长姓名、拼音首字母或身份证号后几位搜索。</translation>
    </message>
    <message>
        <source>No visits to show. Visits that counselors in your area finalize appear here after a sync.</source>
        <translation>暂无家访。您负责范围内的辅导员完成家访并同步后，会显示在这里。</translation>
    </message>
    <message>
        <source>The queue could not be read.</source>
        <translation>无法读取审核列表。</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>School and grade</source>
        <translation>学校和年级</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>辅导员</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>家访日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recommended level</source>
        <translation>建议档次</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Undecided flags</source>
        <translation>有待处理的核查提示</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Especially difficult</source>
        <translation>特别困难</translation>
    </message>
    <message>
        <source>Difficult</source>
        <translation>比较困难</translation>
    </message>
    <message>
        <source>Generally difficult</source>
        <translation>一般困难</translation>
    </message>
    <message>
        <source>Not recognised</source>
        <translation>不认定</translation>
    </message>
</context>
<context>
    <name>ReviewViewWidget</name>
    <message>
        <source>Review visit</source>
        <translation>审核家访</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>对比版本：</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>不对比</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Growth record</source>
        <translation>资助成长档案</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>%1 · %2 · version %3</source>
        <translation>%1 · %2 · 第 %3 版</translation>
    </message>
    <message>
        <source>(no student name)</source>
        <translation>（无学生姓名）</translation>
    </message>
    <message>
        <source>Counselor: %1</source>
        <translation>辅导员：%1</translation>
    </message>
    <message>
        <source>Visitors: %1</source>
        <translation>家访人员：%1</translation>
    </message>
    <message>
        <source>Delegated by: %1</source>
        <translation>委托单位：%1</translation>
    </message>
    <message>
        <source>Visited: %1</source>
        <translation>家访时间：%1</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>用时：%1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>Comments and answers</source>
        <translation>审核意见和回复</translation>
    </message>
    <message>
        <source>Version %1 · %2: %3</source>
        <translation>第 %1 版 · %2：%3</translation>
    </message>
    <message>
        <source>Counselor's answer: %1</source>
        <translation>辅导员回复：%1</translation>
    </message>
    <message>
        <source>Indicator score</source>
        <translation>量化指标得分</translation>
    </message>
    <message>
        <source>Score %1 (rule set %2, version %3); suggested: %4</source>
        <translation>得分 %1（规则 %2，第 %3 版）；建议档次：%4</translation>
    </message>
    <message>
        <source>Score %1 (rule set %2, an earlier version than this computer has); suggested: %4</source>
        <translation>得分 %1（规则 %2，比本机更早的版本）；建议档次：%4</translation>
    </message>
    <message>
        <source>Counselor's recommendation</source>
        <translation>辅导员建议</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>理由：%1</translation>
    </message>
    <message>
        <source>Flags (%1 undecided)</source>
        <translation>核查提示（%1 条待处理）</translation>
    </message>
    <message>
        <source>No flags.</source>
        <translation>无核查提示。</translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <source>Counselor's explanation: %1</source>
        <translation>辅导员说明：%1</translation>
    </message>
    <message>
        <source>Decision reason: %1</source>
        <translation>处理理由：%1</translation>
    </message>
    <message>
        <source>Confirm…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>排除…</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>No consent record on this device.</source>
        <translation>本机没有知情同意记录。</translation>
    </message>
    <message>
        <source>Guardian: %1 (%2) · notice %3</source>
        <translation>监护人：%1（%2）· 告知书 %3</translation>
    </message>
    <message>
        <source>Agreed: %1</source>
        <translation>同意事项：%1</translation>
    </message>
    <message>
        <source>Roster checks authorised in writing</source>
        <translation>已书面授权核查名册</translation>
    </message>
    <message>
        <source>No written authorisation for roster checks</source>
        <translation>未书面授权核查名册</translation>
    </message>
    <message>
        <source>Photos, documents and signatures</source>
        <translation>照片、证件和签名</translation>
    </message>
    <message>
        <source>No attachments.</source>
        <translation>无附件。</translation>
    </message>
    <message>
        <source>Not on this computer yet: it is fetched at the next sync.</source>
        <translation>本机尚无此文件，下次同步时下载。</translation>
    </message>
    <message>
        <source>Time per step</source>
        <translation>各步骤用时</translation>
    </message>
    <message>
        <source>Documents, signatures and finalizing: %1</source>
        <translation>证件、签名和完成：%1</translation>
    </message>
    <message>
        <source>No step times were recorded for this version.</source>
        <translation>此版本没有记录各步骤用时。</translation>
    </message>
    <message>
        <source>the whole visit</source>
        <translation>整次家访</translation>
    </message>
    <message>
        <source>No answer changed between these versions.</source>
        <translation>两个版本的回答没有变化。</translation>
    </message>
    <message>
        <source>Fields changed: %1 (highlighted in the form)</source>
        <translation>修改了 %1 处（已在表单中标出）</translation>
    </message>
    <message>
        <source>Decided here; sent at the next sync.</source>
        <translation>已在本机处理，下次同步时发送。</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review visit</source>
        <translation>审核家访</translation>
    </message>
    <message>
        <source>&amp;Print visit record…</source>
        <translation>打印家访记录(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>辅导员</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{0} · due {1}</source>
        <translation>{0} · 截止 {1}</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <source>Show &amp;phone…</source>
        <translation>显示电话(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Open household</source>
        <translation>打开家庭(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Appointment…</source>
        <translation>预约(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>取消预约(&amp;C)</translation>
    </message>
    <message>
        <source>{0} overdue · {1} today · {2} this week</source>
        <translation>逾期 {0} 项 · 今天 {1} 项 · 本周其余 {2} 项</translation>
    </message>
    <message>
        <source>No phone recorded.</source>
        <translation>未登记电话。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>No reminders</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>尚未登记到服务器</translation>
    </message>
    <message>
        <source>Your office's policy locks after {0} minutes.</source>
        <translation>按单位策略，{0} 分钟无操作即锁定。</translation>
    </message>
    <message>
        <source>The new language applies after the next unlock.</source>
        <translation>新语言将在下次解锁后生效。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Lock after &amp;idle minutes</source>
        <translation>无操作多少分钟后锁定(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Remind me before a visit</source>
        <translation>家访前提醒(&amp;R)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>User on this computer</source>
        <translation>本机用户</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Uploading files…</source>
        <translation>正在上传附件…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>正在发送更改…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>正在接收更改…</translation>
    </message>
    <message>
        <source>Receiving forms and code lists…</source>
        <translation>正在接收表单和代码表…</translation>
    </message>
    <message>
        <source>Re-downloading…</source>
        <translation>正在重新下载…</translation>
    </message>
    <message>
        <source>Cleaning up…</source>
        <translation>正在清理…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Nothing waiting to send.</source>
        <translation>没有待发送的内容。</translation>
    </message>
    <message>
        <source>No sync in this session yet.</source>
        <translation>本次登录后尚未同步。</translation>
    </message>
    <message>
        <source>The sync engine is not available.</source>
        <translation>同步功能不可用。</translation>
    </message>
    <message>
        <source>What will be sent</source>
        <translation>将要发送的内容</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>保留本机的(&amp;M)</translation>
    </message>
    <message>
        <source>Take the &amp;server's</source>
        <translation>采用服务器的(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃发送(&amp;D)</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>本次尚未连接</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>尚未登记到服务器</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{0}: fields {1} changed on both sides</source>
        <translation>{0}：字段 {1} 在两端都被修改</translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>没有冲突。</translation>
    </message>
    <message>
        <source>{0} #{1}: the household is no longer yours (handed over); not sent, kept on this computer: “{2}”</source>
        <translation>{0} #{1}：该家庭已移交他人，不再由您负责；内容未发送，仍保存在本机：“{2}”</translation>
    </message>
    <message>
        <source>{0} #{1}: {2}</source>
        <translation>{0} #{1}：{2}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Nothing refused.</source>
        <translation>没有被拒绝的项目。</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>Sent {0}, received {1}.</source>
        <translation>已发送 {0} 项，已接收 {1} 项。</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ 离线</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>上次结果</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Conflicts to resolve</source>
        <translation>待解决的冲突</translation>
    </message>
    <message>
        <source>Refused by the server (kept here, not lost)</source>
        <translation>被服务器拒绝的项目（保留在本机，不会丢失）</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Nothing waiting to send</source>
        <translation>没有待发送的内容</translation>
    </message>
    <message>
        <source>%1 visits</source>
        <translation>%1 次家访</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 张照片</translation>
    </message>
    <message>
        <source>%1 household records</source>
        <translation>%1 户家庭信息</translation>
    </message>
    <message>
        <source>%1 other items</source>
        <translation>%1 项其他内容</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>待发送：%1</translation>
    </message>
    <message>
        <source>visit record</source>
        <translation>家访记录</translation>
    </message>
    <message>
        <source>household record</source>
        <translation>家庭信息</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1 家</translation>
    </message>
    <message>
        <source>A household</source>
        <translation>某户家庭</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>本次尚未连接</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ 离线</translation>
    </message>
    <message>
        <source>Last sync {0}</source>
        <translation>上次同步 {0}</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
</context>
<context>
    <name>TeamWeekPage</name>
    <message>
        <source>This week's appointments</source>
        <translation>本周预约</translation>
    </message>
    <message>
        <source>Hand-backs waiting for your answer</source>
        <translation>待您答复的移交申请</translation>
    </message>
    <message>
        <source>&amp;Answer…</source>
        <translation>答复(&amp;A)…</translation>
    </message>
    <message>
        <source>{0} appointments of {1} counselors this week</source>
        <translation>本周 {1} 位辅导员共 {0} 次预约</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source> — answered, waiting to sync</source>
        <translation> — 已答复，等待同步</translation>
    </message>
    <message>
        <source>No hand-backs waiting.</source>
        <translation>没有待答复的移交申请。</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Add a user on this computer…</source>
        <translation>在本机添加用户…</translation>
    </message>
    <message>
        <source>Set up this computer…</source>
        <translation>设置本机…</translation>
    </message>
    <message>
        <source>Type your passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>Wait {0} s</source>
        <translation>请等待 {0} 秒</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <source>Homevisit</source>
        <translation>家访通</translation>
    </message>
    <message>
        <source>Student-aid home visits, offline</source>
        <translation>学生资助家访 · 离线可用</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>用户(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>口令(&amp;P)</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>出错了，请重试。</translation>
    </message>
</context>
</TS>