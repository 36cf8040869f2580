<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="pt_BR">
<context>
    <name>ApprovalsView</name>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="130" />
        <source>Código</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="131" />
        <source>Título</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="132" />
        <source>Nível</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="133" />
        <source>Unidade</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="134" />
        <source>Responsável</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="135" />
        <source>Valor planejado</source>
        <translation>Planned amount</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="136" />
        <source>Situação</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="141" />
        <source>Quando</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="141" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="141" />
        <source>Operação</source>
        <translation>Operation</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="141" />
        <source>Motivo da recusa</source>
        <translation>Rejection reason</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="144" />
        <source>Itens aguardando sua decisão</source>
        <translation>Items awaiting your decision</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="145" />
        <source>Itens para enviar para aprovação</source>
        <translation>Items to submit for approval</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="146" />
        <source>Comandos recusados pelo servidor</source>
        <translation>Commands rejected by the server</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="148" />
        <source>&amp;Aprovar</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="149" />
        <source>&amp;Devolver…</source>
        <translation>&amp;Return…</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="150" />
        <source>&amp;Enviar para aprovação</source>
        <translation>&amp;Submit for approval</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="160" />
        <source>Listas de aprovação</source>
        <translation>Approval lists</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="167" />
        <source>As decisões ficam pendentes neste computador até a próxima sincronização; o servidor confirma ou recusa cada uma.</source>
        <translation>Decisions stay pending on this computer until the next sync; the server confirms or rejects each one.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="229" />
        <source>Aguardando minha decisão ({count})</source>
        <translation>Awaiting my decision ({count})</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="230" />
        <source>Para enviar ({count})</source>
        <translation>To submit ({count})</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="231" />
        <source>Precisa de atenção ({count})</source>
        <translation>Needs attention ({count})</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="276" />
        <source>Pendente: {command} aguardando sincronização</source>
        <translation>Pending: {command} awaiting sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="306" />
        <source>(item não encontrado)</source>
        <translation>(item not found)</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="351" />
        <source>{count} item(ns): {command} — pendente até a próxima sincronização.</source>
        <translation>{count} item(s): {command} — pending until the next sync.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="368" />
        <source>{first} e mais {count} item(ns)</source>
        <translation>{first} and {count} more item(s)</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="64" />
        <source>Filtrar por usuário</source>
        <translation>Filter by user</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="67" />
        <source>Filtrar por unidade</source>
        <translation>Filter by unit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="70" />
        <source>Código ou título</source>
        <translation>Code or title</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="71" />
        <source>Filtrar por item</source>
        <translation>Filter by item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="73" />
        <source>Início do período</source>
        <translation>Period start</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="74" />
        <source>Fim do período</source>
        <translation>Period end</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="75" />
        <source>Consultar &amp;servidor</source>
        <translation>Query &amp;server</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="76" />
        <source>Consultar servidor</source>
        <translation>Query server</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="77" />
        <source>Busca a trilha completa no servidor, com os filtros acima.</source>
        <translation>Fetches the full trail from the server, with the filters above.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="78" />
        <source>Mostrar dados &amp;locais</source>
        <translation>Show &amp;local data</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="79" />
        <source>Mostrar dados locais</source>
        <translation>Show local data</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="89" />
        <source>Quando</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="90" />
        <source>Usuário</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="91" />
        <source>Unidade</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="92" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="93" />
        <source>Ação</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="94" />
        <source>Campo</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="95" />
        <source>Valor anterior</source>
        <translation>Previous value</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="96" />
        <source>Valor novo</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="97" />
        <source>Comentário</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="103" />
        <source>Trilha de auditoria</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="138" />
        <source>&amp;Usuário:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="139" />
        <source>U&amp;nidade:</source>
        <translation>U&amp;nit:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="140" />
        <source>&amp;Item:</source>
        <translation>&amp;Item:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="147" />
        <source>&amp;De:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="149" />
        <source>&amp;Até:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="183" />
        <source>Todos os usuários</source>
        <translation>All users</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="185" />
        <source>Todas as unidades</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="237" />
        <source>Dados locais (eventos das suas unidades recebidos na última sincronização): {count} evento(s).</source>
        <translation>Local data (events of your units received in the last sync): {count} event(s).</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="256" />
        <source>Consultando o servidor…</source>
        <translation>Querying the server…</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="271" />
        <source>Trilha completa do servidor: {count} evento(s).</source>
        <translation>Full trail from the server: {count} event(s).</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="279" />
        <source>Falha ao consultar o servidor: tente de novo em instantes.</source>
        <translation>Server query failed: try again in a moment.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="280" />
        <source>Não foi possível consultar o servidor. {message}</source>
        <translation>Could not query the server. {message}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="282" />
        <source>Mostrando os dados locais.</source>
        <translation>Showing the local data.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="305" />
        <source>Unidade de quem agiu: {unit}</source>
        <translation>Unit of the person who acted: {unit}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="354" />
        <source>Sim</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/audit.py" line="354" />
        <source>Não</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="51" />
        <source>PlanMP — Plano de Ação Anual {year}</source>
        <translation>PlanMP — Annual Action Plan {year}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="63" />
        <source>Navegação entre telas</source>
        <translation>Screen navigation</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="64" />
        <location filename="../../planmp_desktop/gui/main_window.py" line="146" />
        <source>Planilha do plano</source>
        <translation>Plan sheet</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="64" />
        <location filename="../../planmp_desktop/gui/main_window.py" line="146" />
        <source>Aprovações</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="64" />
        <location filename="../../planmp_desktop/gui/main_window.py" line="146" />
        <source>Auditoria</source>
        <translation>Audit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="80" />
        <source>PlanMP</source>
        <translation>PlanMP</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="82" />
        <source>Plano de Ação Anual {year}</source>
        <translation>Annual Action Plan {year}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="87" />
        <source>{name}
Perfil: {profile}</source>
        <translation>{name}
Profile: {profile}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="92" />
        <source>Usuário conectado</source>
        <translation>Signed-in user</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="117" />
        <source>&amp;Arquivo</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="118" />
        <source>&amp;Importar ações do SIGPLAN…</source>
        <translation>&amp;Import SIGPLAN actions…</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="120" />
        <source>&amp;Exportar…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="123" />
        <source>Sai&amp;r</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="131" />
        <source>&amp;Editar</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="133" />
        <source>&amp;Desfazer</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="135" />
        <source>&amp;Refazer</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="139" />
        <source>&amp;Filtrar a planilha</source>
        <translation>&amp;Filter the sheet</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="145" />
        <source>E&amp;xibir</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="152" />
        <source>&amp;Sincronização</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="153" />
        <source>Sincronizar &amp;agora</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="156" />
        <source>&amp;Cancelar sincronização</source>
        <translation>&amp;Cancel sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="162" />
        <source>Aj&amp;uda</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="163" />
        <source>&amp;Sobre o PlanMP</source>
        <translation>&amp;About PlanMP</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="197" />
        <source>Já existe uma sincronização em andamento.</source>
        <translation>A sync is already running.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="215" />
        <source>Sobre o PlanMP</source>
        <translation>About PlanMP</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="217" />
        <source>&lt;h3&gt;PlanMP Desktop&lt;/h3&gt;&lt;p&gt;Planejamento estratégico e Plano de Ação Anual do Ministério Público.&lt;/p&gt;&lt;p&gt;Funciona sem conexão: as alterações ficam guardadas neste computador e são enviadas ao servidor na sincronização.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PlanMP Desktop&lt;/h3&gt;&lt;p&gt;Strategic planning and Annual Action Plan of the Ministério Público.&lt;/p&gt;&lt;p&gt;Works offline: changes are kept on this computer and sent to the server when it syncs.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="236" />
        <source>Sincronização concluída: {conflicts} conflito(s) e {rejected} recusa(s) precisam de atenção.</source>
        <translation>Sync finished: {conflicts} conflict(s) and {rejected} rejection(s) need attention.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="241" />
        <source>Sincronização concluída.</source>
        <translation>Sync finished.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="250" />
        <source>Sincronização cancelada</source>
        <translation>Sync cancelled</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="228" />
        <source>Orçamento</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="232" />
        <source>A&amp;grupar planilha por</source>
        <translation>&amp;Group sheet by</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/main_window.py" line="236" />
        <source>nenhum</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>PlanSheetModel</name>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="282" />
        <source>Alterar {field} de {code}</source>
        <translation>Change {field} of {code}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="330" />
        <source>O item não existe mais nesta cópia local: sincronize e tente de novo.</source>
        <translation>The item no longer exists in this local copy: sync and try again.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="377" />
        <source>A unidade do item não é alterada pela planilha.</source>
        <translation>The item's unit is not changed in the sheet.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="427" />
        <source>● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas.</source>
        <translation>● Conflict with the server: this change and the server's differ and need to be resolved.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="429" />
        <source>● Alteração pendente de sincronização</source>
        <translation>● Change pending sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="431" />
        <source>Valor recusado: {reason}</source>
        <translation>Value rejected: {reason}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="433" />
        <source>Erro</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="433" />
        <source>Aviso</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="438" />
        <source>Somente leitura: {reason}</source>
        <translation>Read-only: {reason}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="350" />
        <source>Linha de subtotal do grupo: não é editável.</source>
        <translation>Group subtotal row: not editable.</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="65" />
        <source>Devolver item</source>
        <translation>Return item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="68" />
        <source>Devolver para ajustes: {item}</source>
        <translation>Return for changes: {item}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="70" />
        <source>&amp;Justificativa da devolução (obrigatória):</source>
        <translation>&amp;Justification for the return (required):</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="72" />
        <source>Justificativa da devolução</source>
        <translation>Justification for the return</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="83" />
        <source>Devolver</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="84" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="105" />
        <source>Escreva a justificativa: a devolução sem justificativa não é aceita.</source>
        <translation>Write the justification: a return without one is not accepted.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/approvals.py" line="108" />
        <source>A justificativa fica registrada na auditoria do item.</source>
        <translation>The justification is recorded in the item's audit trail.</translation>
    </message>
</context>
<context>
    <name>SheetColumns</name>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_columns.py" line="142" />
        <source>Campo '{field}' é obrigatório: informe um valor.</source>
        <translation>Field '{field}' is required: enter a value.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_columns.py" line="169" />
        <source>Valor '{value}' inválido para '{field}': use {allowed}.</source>
        <translation>Invalid value '{value}' for '{field}': use {allowed}.</translation>
    </message>
</context>
<context>
    <name>SheetView</name>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="116" />
        <source>Filtrar por código, título ou responsável</source>
        <translation>Filter by code, title or responsible</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="117" />
        <source>Filtro da planilha</source>
        <translation>Sheet filter</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="120" />
        <source>&amp;Filtrar:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="123" />
        <source>Quantidade de itens</source>
        <translation>Number of items</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="125" />
        <source>▲ laranja: alteração pendente  ·  ▲ vermelho: conflito ou valor recusado  ·  cinza: somente leitura</source>
        <translation>▲ orange: pending change  ·  ▲ red: conflict or rejected value  ·  grey: read-only</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="132" />
        <source>Planilha do plano</source>
        <translation>Plan sheet</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="213" />
        <source>1 item</source>
        <translation>1 item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="215" />
        <source>{count} itens</source>
        <translation>{count} items</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="151" />
        <source>Quantidade de linhas</source>
        <translation>Number of rows</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="153" />
        <source>Agrupar por</source>
        <translation>Group by</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="154" />
        <source>nenhum</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="158" />
        <source>A&amp;grupar por:</source>
        <translation>&amp;Group by:</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_view.py" line="164" />
        <source>  ·  ⚠ bege: aviso de validação</source>
        <translation>  ·  ⚠ beige: validation warning</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="48" />
        <source>Entrar no PlanMP (demonstração)</source>
        <translation>Sign in to PlanMP (demo)</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="57" />
        <source>Escolha um usuário de demonstração. Cada perfil mostra o que a pessoa pode ver e alterar.</source>
        <translation>Choose a demo user. Each profile shows what that person can see and change.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="62" />
        <source>Nome</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="62" />
        <source>Perfil</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="62" />
        <source>Unidade</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="72" />
        <source>Usuários de demonstração</source>
        <translation>Demo users</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="89" />
        <source>Entrando</source>
        <translation>Signing in</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="99" />
        <source>&amp;Entrar</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="102" />
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="133" />
        <source>Escolha um usuário da lista para entrar.</source>
        <translation>Choose a user from the list to sign in.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="158" />
        <source>Falha ao entrar: tente de novo.</source>
        <translation>Sign-in failed: try again.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="159" />
        <source>Não foi possível entrar. {message}</source>
        <translation>Could not sign in. {message}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/signin.py" line="169" />
        <source>Entrando como {name}…</source>
        <translation>Signing in as {name}…</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="17" />
        <source>Conectado</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="19" />
        <source>Sem conexão</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="21" />
        <source>Entre novamente para sincronizar</source>
        <translation>Sign in again to sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="23" />
        <source>Outra sincronização em andamento</source>
        <translation>Another sync is running</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="25" />
        <source>Atualize o aplicativo</source>
        <translation>Update the app</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="26" />
        <source>Erro no servidor</source>
        <translation>Server error</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="112" />
        <source>Conectado – alterações aguardando envio</source>
        <translation>Connected – edits waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="42" />
        <source>Estado da conexão</source>
        <translation>Connection state</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="44" />
        <source>Progresso da sincronização</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="48" />
        <source>Alterações pendentes</source>
        <translation>Pending changes</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="49" />
        <source>Conflitos</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="50" />
        <source>Comandos recusados</source>
        <translation>Rejected commands</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="51" />
        <source>Última sincronização</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="62" />
        <source>Não sincronizado nesta sessão</source>
        <translation>Not synced in this session</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="79" />
        <source>Sincronizando…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="85" />
        <source>Sincronizando… enviando {done} de {total}</source>
        <translation>Syncing… sending {done} of {total}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="87" />
        <source>Sincronizando… {done} registros recebidos</source>
        <translation>Syncing… {done} records received</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="109" />
        <source>Nenhuma alteração pendente</source>
        <translation>No pending changes</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="111" />
        <source>1 alteração pendente</source>
        <translation>1 pending change</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="113" />
        <source>{count} alterações pendentes</source>
        <translation>{count} pending changes</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="117" />
        <source>⚠ 1 conflito</source>
        <translation>⚠ 1 conflict</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="119" />
        <source>⚠ {count} conflitos</source>
        <translation>⚠ {count} conflicts</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="123" />
        <source>⚠ 1 comando recusado</source>
        <translation>⚠ 1 rejected command</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="125" />
        <source>⚠ {count} comandos recusados</source>
        <translation>⚠ {count} rejected commands</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="128" />
        <source>Nunca sincronizado</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/status.py" line="131" />
        <source>Última sincronização: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
</context>
<context>
    <name>_SyncThread</name>
    <message>
        <location filename="../../planmp_desktop/gui/sync_worker.py" line="44" />
        <source>Falha inesperada na sincronização: suas alterações continuam guardadas. Tente de novo ou consulte o registro do aplicativo.</source>
        <translation>Unexpected sync failure: your changes are still saved. Try again or check the application log.</translation>
    </message>
</context>
<context>
    <name>SheetDefinition</name>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="103" />
        <source>Filtrar por código, título ou responsável</source>
        <translation>Filter by code, title or responsible</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="135" />
        <source>Filtrar por programa, ação, natureza, fonte, UO ou UG</source>
        <translation>Filter by program, action, expense nature, source, UO or UG</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="104" />
        <source>Planilha do plano</source>
        <translation>Plan sheet</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="136" />
        <source>Orçamento</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="66" />
        <source>1 item</source>
        <translation>1 item</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="1" />
        <source>{count} itens</source>
        <translation>{count} items</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="137" />
        <source>1 linha</source>
        <translation>1 line</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="1" />
        <source>{count} linhas</source>
        <translation>{count} lines</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="93" />
        <source>unidade</source>
        <translation>unit</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="110" />
        <source>objetivo estratégico</source>
        <translation>strategic objective</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="118" />
        <source>ação estratégica</source>
        <translation>strategic action</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="93" />
        <source>(sem unidade)</source>
        <translation>(no unit)</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="114" />
        <source>(sem objetivo estratégico)</source>
        <translation>(no strategic objective)</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_definition.py" line="122" />
        <source>(sem ação estratégica)</source>
        <translation>(no strategic action)</translation>
    </message>
</context>
<context>
    <name>BudgetSheetModel</name>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="282" />
        <source>Alterar {field} de {code}</source>
        <translation>Change {field} of {code}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="330" />
        <source>O item não existe mais nesta cópia local: sincronize e tente de novo.</source>
        <translation>The item no longer exists in this local copy: sync and try again.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="427" />
        <source>● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas.</source>
        <translation>● Conflict with the server: this change and the server's differ and need to be resolved.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="429" />
        <source>● Alteração pendente de sincronização</source>
        <translation>● Change pending sync</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="431" />
        <source>Valor recusado: {reason}</source>
        <translation>Value rejected: {reason}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="433" />
        <source>Erro</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="433" />
        <source>Aviso</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="438" />
        <source>Somente leitura: {reason}</source>
        <translation>Read-only: {reason}</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_model.py" line="350" />
        <source>Linha de subtotal do grupo: não é editável.</source>
        <translation>Group subtotal row: not editable.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_budget.py" line="44" />
        <source>Campo '{field}' vem dos arquivos de execução orçamentária: importe-os em Arquivo › Importar planilha para atualizá-lo.</source>
        <translation>Field '{field}' comes from the budget execution files: import them in File › Import spreadsheet to update it.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_budget.py" line="59" />
        <source>O perfil Usuário não altera linhas orçamentárias: peça ao PAA da unidade.</source>
        <translation>The Usuário profile does not change budget lines: ask the unit's PAA.</translation>
    </message>
    <message>
        <location filename="../../planmp_desktop/gui/sheet_budget.py" line="44" />
        <source>Campo '{field}' é definido na importação da linha orçamentária.</source>
        <translation>Field '{field}' is set when the budget line is imported.</translation>
    </message>
</context>
</TS>