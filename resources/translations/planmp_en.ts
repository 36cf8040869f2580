<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="pt_BR">
    <context>
        <name>ApprovalsView</name>
        <message>
            <source>&amp;Devolver…</source>
            <translation>&amp;Return…</translation>
        </message>
        <message>
            <source>(item não encontrado)</source>
            <translation>(item not found)</translation>
        </message>
        <message>
            <source>A&amp;provar</source>
            <translation>&amp;Approve</translation>
        </message>
        <message>
            <source>Aguardando minha decisão ({count})</source>
            <translation>Awaiting my decision ({count})</translation>
        </message>
        <message>
            <source>Alterações recusadas pelo servidor</source>
            <translation>Changes rejected by the server</translation>
        </message>
        <message>
            <source>As decisões ficam pendentes neste computador até a próxima sincronização; o servidor confirma ou recusa cada uma.</source>
            <translation>Decisions stay pending on this computer until the next sync; the server confirms or rejects each one.</translation>
        </message>
        <message>
            <source>Código</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>E&amp;nviar para aprovação</source>
            <translation>Su&amp;bmit for approval</translation>
        </message>
        <message>
            <source>Enviar para aprovação</source>
            <translation>Submit for approval</translation>
        </message>
        <message>
            <source>Filtrar por código, título, unidade ou responsável</source>
            <translation>Filter by code, title, unit or responsible</translation>
        </message>
        <message>
            <source>Filtro das listas de aprovação</source>
            <translation>Approval lists filter</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>Itens aguardando sua decisão</source>
            <translation>Items awaiting your decision</translation>
        </message>
        <message>
            <source>Itens para enviar para aprovação</source>
            <translation>Items to submit for approval</translation>
        </message>
        <message>
            <source>Listas de aprovação</source>
            <translation>Approval lists</translation>
        </message>
        <message>
            <source>Motivo da recusa</source>
            <translation>Rejection reason</translation>
        </message>
        <message>
            <source>Nível</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>Operação</source>
            <translation>Operation</translation>
        </message>
        <message>
            <source>Para enviar ({count})</source>
            <translation>To submit ({count})</translation>
        </message>
        <message>
            <source>Pendente: {command} aguardando sincronização</source>
            <translation>Pending: {command} awaiting sync</translation>
        </message>
        <message>
            <source>Precisa de atenção ({count})</source>
            <translation>Needs attention ({count})</translation>
        </message>
        <message>
            <source>Quando</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Responsável</source>
            <translation>Responsible</translation>
        </message>
        <message>
            <source>Situação</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Título</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>Unidade</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Valor planejado</source>
            <translation>Planned amount</translation>
        </message>
        <message>
            <source>{count} alteração(ões) destes itens ainda não chegaram ao servidor. O pedido de aprovação só será enviado depois delas, na próxima sincronização; se alguma for recusada, o pedido espera e aparece em Pendências de sincronização. Continuar?</source>
            <translation>{count} change(s) to these items have not reached the server yet. The approval request will only be sent after them, in the next sync; if any is rejected, the request waits and shows up in Sync issues. Continue?</translation>
        </message>
        <message>
            <source>{count} conflito(s) destes itens ainda não foram resolvidos: resolva-os em Sincronização › Pendências de sincronização e envie para aprovação depois.</source>
            <translation>{count} conflict(s) of these items are not resolved yet: resolve them in Sync › Sync issues and submit for approval afterwards.</translation>
        </message>
        <message>
            <source>{count} item(ns): {command} — pendente até a próxima sincronização.</source>
            <translation>{count} item(s): {command} — pending until the next sync.</translation>
        </message>
        <message>
            <source>{first} e mais {count} item(ns)</source>
            <translation>{first} and {count} more item(s)</translation>
        </message>
    </context>
    <context>
        <name>AuditView</name>
        <message>
            <source>&amp;Consultar servidor</source>
            <translation>&amp;Query server</translation>
        </message>
        <message>
            <source>&amp;De:</source>
            <translation>Fro&amp;m:</translation>
        </message>
        <message>
            <source>&amp;Item:</source>
            <translation>&amp;Item:</translation>
        </message>
        <message>
            <source>A&amp;té:</source>
            <translation>&amp;To:</translation>
        </message>
        <message>
            <source>Ação</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Busca a trilha completa no servidor, com os filtros acima.</source>
            <translation>Fetches the full trail from the server, with the filters above.</translation>
        </message>
        <message>
            <source>Campo</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Comentário</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>Consultando o servidor…</source>
            <translation>Querying the server…</translation>
        </message>
        <message>
            <source>Consultar servidor</source>
            <translation>Query server</translation>
        </message>
        <message>
            <source>Código ou título</source>
            <translation>Code or title</translation>
        </message>
        <message>
            <source>Dados locais (eventos das suas unidades recebidos na última sincronização): {count} evento(s).</source>
            <translation>Local data (events of your units received in the last sync): {count} event(s).</translation>
        </message>
        <message>
            <source>Falha ao consultar o servidor: tente de novo em instantes.</source>
            <translation>Server query failed: try again in a moment.</translation>
        </message>
        <message>
            <source>Filtrar por item</source>
            <translation>Filter by item</translation>
        </message>
        <message>
            <source>Filtrar por unidade</source>
            <translation>Filter by unit</translation>
        </message>
        <message>
            <source>Filtrar por usuário</source>
            <translation>Filter by user</translation>
        </message>
        <message>
            <source>Fim do período</source>
            <translation>Period end</translation>
        </message>
        <message>
            <source>Início do período</source>
            <translation>Period start</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>Mostrando os dados locais.</source>
            <translation>Showing the local data.</translation>
        </message>
        <message>
            <source>Mostrar dados &amp;locais</source>
            <translation>Show &amp;local data</translation>
        </message>
        <message>
            <source>Mostrar dados locais</source>
            <translation>Show local data</translation>
        </message>
        <message>
            <source>Não foi possível consultar o servidor. {message}</source>
            <translation>Could not query the server. {message}</translation>
        </message>
        <message>
            <source>Quando</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Todas as unidades</source>
            <translation>All units</translation>
        </message>
        <message>
            <source>Todos os usuários</source>
            <translation>All users</translation>
        </message>
        <message>
            <source>Trilha completa do servidor: {count} evento(s).</source>
            <translation>Full trail from the server: {count} event(s).</translation>
        </message>
        <message>
            <source>Trilha de auditoria</source>
            <translation>Audit trail</translation>
        </message>
        <message>
            <source>U&amp;nidade:</source>
            <translation>U&amp;nit:</translation>
        </message>
        <message>
            <source>Unidade de quem agiu</source>
            <translation>Acting user's unit</translation>
        </message>
        <message>
            <source>Unidade do item</source>
            <translation>Item's unit</translation>
        </message>
        <message>
            <source>Usuári&amp;o:</source>
            <translation>&amp;User:</translation>
        </message>
        <message>
            <source>Usuário</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Valor anterior</source>
            <translation>Previous value</translation>
        </message>
        <message>
            <source>Valor novo</source>
            <translation>New value</translation>
        </message>
    </context>
    <context>
        <name>BudgetSheet</name>
        <message>
            <source>Exe&amp;rcício:</source>
            <translation>Fisc&amp;al year:</translation>
        </message>
        <message>
            <source>Exercício mostrado</source>
            <translation>Fiscal year shown</translation>
        </message>
        <message>
            <source>todos</source>
            <translation>all</translation>
        </message>
    </context>
    <context>
        <name>BudgetSheetModel</name>
        <message>
            <source>A célula está em conflito com o servidor: resolva o conflito em Sincronização › Pendências de sincronização; desfazer ou refazer não foi aplicado.</source>
            <translation>The cell is in conflict with the server: resolve the conflict in Sync › Sync issues; undo or redo was not applied.</translation>
        </message>
        <message>
            <source>A célula mudou depois desta alteração, numa sincronização ou noutra edição: desfazer ou refazer não foi aplicado, para não apagar a mudança.</source>
            <translation>The cell changed after this edit, in a sync or another edit: undo or redo was not applied, so as not to erase the change.</translation>
        </message>
        <message>
            <source>A planilha está agrupada por {grouping}: escolha "Agrupar por: nenhum" para alterar este campo.</source>
            <translation>The sheet is grouped by {grouping}: choose "Group by: none" to change this field.</translation>
        </message>
        <message>
            <source>Alterar {field} de {code}</source>
            <translation>Change {field} of {code}</translation>
        </message>
        <message>
            <source>Aviso</source>
            <translation>Warning</translation>
        </message>
        <message>
            <source>Campo '{field}' vem dos arquivos de execução orçamentária: importe-os em Arquivo › Importar planilha para atualizá-lo.</source>
            <translation>Field '{field}' comes from the budget execution files: import them in File › Import spreadsheet to update it.</translation>
        </message>
        <message>
            <source>Campo '{field}' é definido na importação da linha orçamentária.</source>
            <translation>Field '{field}' is set when the budget line is imported.</translation>
        </message>
        <message>
            <source>Célula corrigida: {field} de {code}.</source>
            <translation>Cell corrected: {field} of {code}.</translation>
        </message>
        <message>
            <source>Descarte-a ou refaça-a em Sincronização › Pendências de sincronização.</source>
            <translation>Discard or redo it in Sync › Sync issues.</translation>
        </message>
        <message>
            <source>Erro</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Linha de subtotal do grupo: não é editável. Espaço ou duplo clique recolhe ou expande o grupo.</source>
            <translation>Group subtotal row: not editable. Space or a double click collapses or expands the group.</translation>
        </message>
        <message>
            <source>O item não existe mais nesta cópia local: sincronize e tente de novo.</source>
            <translation>The item no longer exists in this local copy: sync and try again.</translation>
        </message>
        <message>
            <source>O perfil Usuário não altera linhas orçamentárias: peça ao PAA da unidade.</source>
            <translation>The Usuário profile does not change budget lines: ask the unit's PAA.</translation>
        </message>
        <message>
            <source>Somente leitura: {reason}</source>
            <translation>Read-only: {reason}</translation>
        </message>
        <message>
            <source>Um dos itens não existe mais nesta cópia local: sincronize e tente de novo.</source>
            <translation>One of the items no longer exists in this local copy: sync and try again.</translation>
        </message>
        <message>
            <source>Valor gravado: {value}</source>
            <translation>Saved value: {value}</translation>
        </message>
        <message>
            <source>Valor recusado, não gravado: {reason}</source>
            <translation>Value rejected, not saved: {reason}</translation>
        </message>
        <message>
            <source>{count} célula(s) em conflito com o servidor não foram desfeitas: resolva em Sincronização › Pendências de sincronização.</source>
            <translation>{count} cell(s) in conflict with the server were not undone: resolve them in Sync › Sync issues.</translation>
        </message>
        <message>
            <source>{count} célula(s) mudaram depois desta alteração e não foram desfeitas.</source>
            <translation>{count} cell(s) changed after this edit and were not undone.</translation>
        </message>
        <message>
            <source>● Alteração pendente de sincronização</source>
            <translation>● Change pending sync</translation>
        </message>
        <message>
            <source>● Alteração recusada pelo servidor: {reason}</source>
            <translation>● Change rejected by the server: {reason}</translation>
        </message>
        <message>
            <source>● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas.</source>
            <translation>● Conflict with the server: this change and the server's differ and need to be resolved.</translation>
        </message>
    </context>
    <context>
        <name>ExportPlan</name>
        <message>
            <source>Exportar orçamento</source>
            <translation>Export budget</translation>
        </message>
        <message>
            <source>Exportar plano</source>
            <translation>Export plan</translation>
        </message>
        <message>
            <source>Não foi possível exportar para {name}: {reason}.</source>
            <translation>Could not export to {name}: {reason}.</translation>
        </message>
        <message>
            <source>Não há plano neste computador: sincronize primeiro.</source>
            <translation>There is no plan on this computer: sync first.</translation>
        </message>
        <message>
            <source>Planilha Excel (*.xlsx);;CSV separado por ; (*.csv)</source>
            <translation>Excel workbook (*.xlsx);;CSV separated by ; (*.csv)</translation>
        </message>
        <message>
            <source>Planilha Excel, leiaute do PlanMP (*.xlsx);;CSV separado por ;, leiaute do PlanMP (*.csv)</source>
            <translation>Excel workbook, PlanMP layout (*.xlsx);;CSV separated by ;, PlanMP layout (*.csv)</translation>
        </message>
        <message>
            <source>Planilha Excel, leiaute do Portal da Transparência (*.xlsx);;CSV, leiaute do Portal da Transparência (*.csv)</source>
            <translation>Excel workbook, Portal da Transparência layout (*.xlsx);;CSV, Portal da Transparência layout (*.csv)</translation>
        </message>
        <message>
            <source>{count} item(ns) exportado(s) para {name}.</source>
            <translation>{count} item(s) exported to {name}.</translation>
        </message>
        <message>
            <source>{count} linha(s) orçamentária(s) exportada(s) para {name}, no leiaute do PlanMP.</source>
            <translation>{count} budget line(s) exported to {name}, in the PlanMP layout.</translation>
        </message>
        <message>
            <source>{count} linha(s) orçamentária(s) exportada(s) para {name}, no leiaute do Portal da Transparência. Esse leiaute não tem modalidade, fonte, liquidado e pago: para importar o arquivo de novo, exporte no leiaute do PlanMP.</source>
            <translation>{count} budget line(s) exported to {name}, in the Portal da Transparência layout. That layout has no modalidade, fonte, liquidado or pago: to import the file again, export it in the PlanMP layout.</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <source>&amp;Arquivo:</source>
            <translation>&amp;File:</translation>
        </message>
        <message>
            <source>&amp;Procurar…</source>
            <translation>&amp;Browse…</translation>
        </message>
        <message>
            <source>'{0}' é uma pasta, não um arquivo: escolha o arquivo a importar.</source>
            <translation>'{0}' is a folder, not a file: choose the file to import.</translation>
        </message>
        <message>
            <source>Arquivo '{0}' não encontrado: escolha outro.</source>
            <translation>File '{0}' not found: choose another one.</translation>
        </message>
        <message>
            <source>Arquivo a importar</source>
            <translation>File to import</translation>
        </message>
        <message>
            <source>CSV, texto separado por | ou tabulação, planilha XLSX ou tabela HTML salva como .xls.</source>
            <translation>CSV, text separated by | or tab, XLSX spreadsheet or HTML table saved as .xls.</translation>
        </message>
        <message>
            <source>Caminho do arquivo, ou escolha com Procurar…</source>
            <translation>Path of the file, or choose it with Browse…</translation>
        </message>
        <message>
            <source>Escolha o arquivo</source>
            <translation>Choose the file</translation>
        </message>
        <message>
            <source>Planilhas e textos (*.csv *.txt *.xlsx *.xls *.htm *.html);;Todos (*)</source>
            <translation>Spreadsheets and text files (*.csv *.txt *.xlsx *.xls *.htm *.html);;All (*)</translation>
        </message>
    </context>
    <context>
        <name>FindReplaceDialog</name>
        <message>
            <source>&amp;Anterior</source>
            <translation>&amp;Previous</translation>
        </message>
        <message>
            <source>&amp;Localizar:</source>
            <translation>&amp;Find:</translation>
        </message>
        <message>
            <source>&amp;Próxima</source>
            <translation>&amp;Next</translation>
        </message>
        <message>
            <source>&amp;Substituir por:</source>
            <translation>&amp;Replace with:</translation>
        </message>
        <message>
            <source>Célula &amp;inteira</source>
            <translation>&amp;Whole cell</translation>
        </message>
        <message>
            <source>Diferenciar &amp;maiúsculas de minúsculas</source>
            <translation>Match &amp;case</translation>
        </message>
        <message>
            <source>Fechar</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Localizar</source>
            <translation>Find</translation>
        </message>
        <message>
            <source>Localizar e substituir</source>
            <translation>Find and replace</translation>
        </message>
        <message>
            <source>Resultado da busca</source>
            <translation>Search result</translation>
        </message>
        <message>
            <source>Substi&amp;tuir</source>
            <translation>Rep&amp;lace</translation>
        </message>
        <message>
            <source>Substituir por</source>
            <translation>Replace with</translation>
        </message>
        <message>
            <source>Substituir t&amp;udo</source>
            <translation>Replace &amp;all</translation>
        </message>
        <message>
            <source>Texto a localizar</source>
            <translation>Text to find</translation>
        </message>
    </context>
    <context>
        <name>FormatPage</name>
        <message>
            <source>Cabeçalho na linha {0}</source>
            <translation>Header on row {0}</translation>
        </message>
        <message>
            <source>Codificação</source>
            <translation>Encoding</translation>
        </message>
        <message>
            <source>Codificação:</source>
            <translation>Encoding:</translation>
        </message>
        <message>
            <source>Codificação: {0}</source>
            <translation>Encoding: {0}</translation>
        </message>
        <message>
            <source>Confira o que foi detectado e corrija se a prévia sair errada.</source>
            <translation>Check what was detected and correct it if the preview looks wrong.</translation>
        </message>
        <message>
            <source>Detectado – </source>
            <translation>Detected – </translation>
        </message>
        <message>
            <source>Formato do arquivo</source>
            <translation>File format</translation>
        </message>
        <message>
            <source>Linha do cabeçalho</source>
            <translation>Header row</translation>
        </message>
        <message>
            <source>Linha do cabeçalho:</source>
            <translation>Header row:</translation>
        </message>
        <message>
            <source>Números:</source>
            <translation>Numbers:</translation>
        </message>
        <message>
            <source>Números: {0}</source>
            <translation>Numbers: {0}</translation>
        </message>
        <message>
            <source>Planilha</source>
            <translation>Sheet</translation>
        </message>
        <message>
            <source>Planilha:</source>
            <translation>Sheet:</translation>
        </message>
        <message>
            <source>Separador</source>
            <translation>Separator</translation>
        </message>
        <message>
            <source>Separador decimal</source>
            <translation>Decimal separator</translation>
        </message>
        <message>
            <source>Separador:</source>
            <translation>Separator:</translation>
        </message>
        <message>
            <source>Separador: {0}</source>
            <translation>Separator: {0}</translation>
        </message>
    </context>
    <context>
        <name>FrozenTable</name>
        <message>
            <source>'{text}' não encontrado na planilha.</source>
            <translation>'{text}' not found in the sheet.</translation>
        </message>
        <message>
            <source>'{text}' substituído por '{replacement}' na linha {row}, coluna {column}.</source>
            <translation>'{text}' replaced by '{replacement}' in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>1 célula alterada</source>
            <translation>1 cell changed</translation>
        </message>
        <message>
            <source>1 célula de número, data ou lista contém '{text}' só em parte e não foi alterada: nessas colunas, localize o conteúdo inteiro da célula para substituí-lo.</source>
            <translation>1 number, date or list cell contains '{text}' only in part and was not changed: in those columns, find the whole content of the cell to replace it.</translation>
        </message>
        <message>
            <source>1 célula fora da planilha foi ignorada</source>
            <translation>1 cell outside the sheet was ignored</translation>
        </message>
        <message>
            <source>1 célula obrigatória não foi limpa</source>
            <translation>1 required cell was not cleared</translation>
        </message>
        <message>
            <source>1 célula somente leitura não foi alterada</source>
            <translation>1 read-only cell was not changed</translation>
        </message>
        <message>
            <source>1 valor recusado, marcado em vermelho</source>
            <translation>1 value rejected, marked in red</translation>
        </message>
        <message>
            <source>A área de transferência não tem texto para colar.</source>
            <translation>The clipboard has no text to paste.</translation>
        </message>
        <message>
            <source>Colar</source>
            <translation>Paste</translation>
        </message>
        <message>
            <source>Colar {count} células</source>
            <translation>Paste {count} cells</translation>
        </message>
        <message>
            <source>Contagem: {count}</source>
            <translation>Count: {count}</translation>
        </message>
        <message>
            <source>Copiar exige um único bloco retangular de células: ajuste a seleção e copie de novo.</source>
            <translation>Copy needs a single rectangular block of cells: adjust the selection and copy again.</translation>
        </message>
        <message>
            <source>Ctrl+; escreve a data de hoje: selecione células de data.</source>
            <translation>Ctrl+; writes today's date: select date cells.</translation>
        </message>
        <message>
            <source>Célula somente leitura: {reason}</source>
            <translation>Read-only cell: {reason}</translation>
        </message>
        <message>
            <source>Data de hoje</source>
            <translation>Today's date</translation>
        </message>
        <message>
            <source>Desfeito</source>
            <translation>Undone</translation>
        </message>
        <message>
            <source>Digite o texto a localizar.</source>
            <translation>Type the text to find.</translation>
        </message>
        <message>
            <source>Encontrado na linha {row}, coluna {column}.</source>
            <translation>Found in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>Limpar</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>Limpar {count} células</source>
            <translation>Clear {count} cells</translation>
        </message>
        <message>
            <source>Linha {row}, coluna {column}: a substituição não muda o conteúdo da célula.</source>
            <translation>Row {row}, column {column}: the replacement does not change the cell's content.</translation>
        </message>
        <message>
            <source>Média: {average}</source>
            <translation>Average: {average}</translation>
        </message>
        <message>
            <source>Não há outra ocorrência de '{text}' na planilha.</source>
            <translation>There is no other occurrence of '{text}' in the sheet.</translation>
        </message>
        <message>
            <source>Preencher</source>
            <translation>Fill</translation>
        </message>
        <message>
            <source>Preencher a seleção</source>
            <translation>Fill the selection</translation>
        </message>
        <message>
            <source>Preencher para baixo</source>
            <translation>Fill down</translation>
        </message>
        <message>
            <source>Preencher à direita</source>
            <translation>Fill right</translation>
        </message>
        <message>
            <source>Próxima ocorrência na linha {row}, coluna {column}.</source>
            <translation>Next occurrence in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>Recortar</source>
            <translation>Cut</translation>
        </message>
        <message>
            <source>Refeito</source>
            <translation>Redone</translation>
        </message>
        <message>
            <source>Selecione a célula onde colar.</source>
            <translation>Select the cell to paste into.</translation>
        </message>
        <message>
            <source>Soma: {total}</source>
            <translation>Sum: {total}</translation>
        </message>
        <message>
            <source>Substituir</source>
            <translation>Replace</translation>
        </message>
        <message>
            <source>Substituir {count} células</source>
            <translation>Replace {count} cells</translation>
        </message>
        <message>
            <source>nenhuma célula alterada</source>
            <translation>no cells changed</translation>
        </message>
        <message>
            <source>{count} células alteradas</source>
            <translation>{count} cells changed</translation>
        </message>
        <message>
            <source>{count} células copiadas.</source>
            <translation>{count} cells copied.</translation>
        </message>
        <message>
            <source>{count} células de número, data ou lista contêm '{text}' só em parte e não foram alteradas: nessas colunas, localize o conteúdo inteiro da célula para substituí-lo.</source>
            <translation>{count} number, date or list cells contain '{text}' only in part and were not changed: in those columns, find the whole content of the cell to replace it.</translation>
        </message>
        <message>
            <source>{count} células fora da planilha foram ignoradas</source>
            <translation>{count} cells outside the sheet were ignored</translation>
        </message>
        <message>
            <source>{count} células obrigatórias não foram limpas</source>
            <translation>{count} required cells were not cleared</translation>
        </message>
        <message>
            <source>{count} células somente leitura não foram alteradas</source>
            <translation>{count} read-only cells were not changed</translation>
        </message>
        <message>
            <source>{count} valores recusados, marcados em vermelho</source>
            <translation>{count} values rejected, marked in red</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>&lt; Voltar</source>
            <translation>&lt; Back</translation>
        </message>
        <message>
            <source>Avançar &gt;</source>
            <translation>Next &gt;</translation>
        </message>
        <message>
            <source>Concluir</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>Fechar</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Importar</source>
            <translation>Import</translation>
        </message>
        <message>
            <source>Importar planilha</source>
            <translation>Import spreadsheet</translation>
        </message>
    </context>
    <context>
        <name>ItemImportCommand</name>
        <message>
            <source>Importação de {0} item(ns)</source>
            <translation>Import of {0} item(s)</translation>
        </message>
        <message>
            <source>Importação de {0} linha(s) orçamentária(s)</source>
            <translation>Import of {0} budget line(s)</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;Arquivo</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;Cancelar sincronização</source>
            <translation>&amp;Cancel sync</translation>
        </message>
        <message>
            <source>&amp;Colunas…</source>
            <translation>&amp;Columns…</translation>
        </message>
        <message>
            <source>&amp;Copiar	Ctrl+C</source>
            <translation>&amp;Copy	Ctrl+C</translation>
        </message>
        <message>
            <source>&amp;Desfazer</source>
            <translation>&amp;Undo</translation>
        </message>
        <message>
            <source>&amp;Editar</source>
            <translation>&amp;Edit</translation>
        </message>
        <message>
            <source>&amp;Expandir todos os grupos</source>
            <translation>&amp;Expand all groups</translation>
        </message>
        <message>
            <source>&amp;Exportar…</source>
            <translation>&amp;Export…</translation>
        </message>
        <message>
            <source>&amp;Filtrar a planilha</source>
            <translation>&amp;Filter the sheet</translation>
        </message>
        <message>
            <source>&amp;Importar ações do SIGPLAN…</source>
            <translation>&amp;Import SIGPLAN actions…</translation>
        </message>
        <message>
            <source>&amp;Limpar conteúdo	Del</source>
            <translation>Cle&amp;ar contents	Del</translation>
        </message>
        <message>
            <source>&amp;Pendências de sincronização…</source>
            <translation>Sync &amp;issues…</translation>
        </message>
        <message>
            <source>&amp;Recolher todos os grupos</source>
            <translation>C&amp;ollapse all groups</translation>
        </message>
        <message>
            <source>&amp;Refazer</source>
            <translation>&amp;Redo</translation>
        </message>
        <message>
            <source>&amp;Sincronização</source>
            <translation>&amp;Sync</translation>
        </message>
        <message>
            <source>&amp;Sobre o PlanMP</source>
            <translation>&amp;About PlanMP</translation>
        </message>
        <message>
            <source>&amp;Substituir…	Ctrl+H</source>
            <translation>R&amp;eplace…	Ctrl+H</translation>
        </message>
        <message>
            <source>&lt;h3&gt;PlanMP Desktop {version}&lt;/h3&gt;&lt;p&gt;Planejamento estratégico e Plano de Ação Anual do Ministério Público.&lt;/p&gt;&lt;p&gt;Funciona sem conexão: as alterações ficam guardadas neste computador e são enviadas ao servidor na sincronização.&lt;/p&gt;&lt;p&gt;Servidor: {server}&lt;/p&gt;</source>
            <translation>&lt;h3&gt;PlanMP Desktop {version}&lt;/h3&gt;&lt;p&gt;Strategic planning and Annual Action Plan of the Ministério Público.&lt;/p&gt;&lt;p&gt;Works offline: changes are kept on this computer and sent to the server when you sync.&lt;/p&gt;&lt;p&gt;Server: {server}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A&amp;grupar planilha por</source>
            <translation>&amp;Group sheet by</translation>
        </message>
        <message>
            <source>Aj&amp;uda</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>Aprovações</source>
            <translation>Approvals</translation>
        </message>
        <message>
            <source>Auditoria</source>
            <translation>Audit</translation>
        </message>
        <message>
            <source>C&amp;olar	Ctrl+V</source>
            <translation>&amp;Paste	Ctrl+V</translation>
        </message>
        <message>
            <source>E&amp;xibir</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>Importar &amp;planilha (CSV, XLSX, HTML)…</source>
            <translation>Import &amp;spreadsheet (CSV, XLSX, HTML)…</translation>
        </message>
        <message>
            <source>Já existe uma sincronização em andamento.</source>
            <translation>A sync is already running.</translation>
        </message>
        <message>
            <source>Locali&amp;zar…	Ctrl+F</source>
            <translation>Fi&amp;nd…	Ctrl+F</translation>
        </message>
        <message>
            <source>Navegação entre telas</source>
            <translation>Screen navigation</translation>
        </message>
        <message>
            <source>Orçamento</source>
            <translation>Budget</translation>
        </message>
        <message>
            <source>PlanMP</source>
            <translation>PlanMP</translation>
        </message>
        <message>
            <source>PlanMP — Plano de Ação Anual {year}</source>
            <translation>PlanMP — Annual Action Plan {year}</translation>
        </message>
        <message>
            <source>Planilha do plano</source>
            <translation>Plan sheet</translation>
        </message>
        <message>
            <source>Plano de Ação Anual {year}</source>
            <translation>Annual Action Plan {year}</translation>
        </message>
        <message>
            <source>Preencher para &amp;baixo	Ctrl+D</source>
            <translation>Fill &amp;down	Ctrl+D</translation>
        </message>
        <message>
            <source>Preencher à dir&amp;eita	Ctrl+R</source>
            <translation>Fill r&amp;ight	Ctrl+R</translation>
        </message>
        <message>
            <source>Recor&amp;tar	Ctrl+X</source>
            <translation>Cu&amp;t	Ctrl+X</translation>
        </message>
        <message>
            <source>Sai&amp;r</source>
            <translation>E&amp;xit</translation>
        </message>
        <message>
            <source>Sincronizar &amp;agora</source>
            <translation>Sync &amp;now</translation>
        </message>
        <message>
            <source>Sincronização cancelada</source>
            <translation>Sync cancelled</translation>
        </message>
        <message>
            <source>Sincronização concluída.</source>
            <translation>Sync finished.</translation>
        </message>
        <message>
            <source>Sincronização concluída: {conflicts} conflito(s) e {rejected} recusa(s) precisam de atenção.</source>
            <translation>Sync finished: {conflicts} conflict(s) and {rejected} rejection(s) need attention.</translation>
        </message>
        <message>
            <source>Sobre o PlanMP</source>
            <translation>About PlanMP</translation>
        </message>
        <message>
            <source>Usuário conectado</source>
            <translation>Signed-in user</translation>
        </message>
        <message>
            <source>nenhum</source>
            <translation>none</translation>
        </message>
        <message>
            <source>{name}
Perfil: {profile}</source>
            <translation>{name}
Profile: {profile}</translation>
        </message>
    </context>
    <context>
        <name>MappingPage</name>
        <message>
            <source>(ignorar)</source>
            <translation>(ignore)</translation>
        </message>
        <message>
            <source>(sem unidade)</source>
            <translation>(no unit)</translation>
        </message>
        <message>
            <source>(sugestão pelos nomes das colunas)</source>
            <translation>(suggested from the column names)</translation>
        </message>
        <message>
            <source>(todas as linhas)</source>
            <translation>(all rows)</translation>
        </message>
        <message>
            <source>Associação de colunas</source>
            <translation>Column mapping</translation>
        </message>
        <message>
            <source>Associe ao menos uma coluna de valor (dotação, empenhado, liquidado ou pago).</source>
            <translation>Match at least one value column (dotação, empenhado, liquidado or pago).</translation>
        </message>
        <message>
            <source>Associe as colunas</source>
            <translation>Match the columns</translation>
        </message>
        <message>
            <source>Associe uma coluna a cada campo que identifica o item: {0}.</source>
            <translation>Match a column to each field that identifies the item: {0}.</translation>
        </message>
        <message>
            <source>Campo</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Campo da coluna {0}</source>
            <translation>Field for column {0}</translation>
        </message>
        <message>
            <source>Coluna do arquivo</source>
            <translation>File column</translation>
        </message>
        <message>
            <source>Coluna do filtro de linhas</source>
            <translation>Row filter column</translation>
        </message>
        <message>
            <source>Destino da importação</source>
            <translation>Import destination</translation>
        </message>
        <message>
            <source>Destino:</source>
            <translation>Destination:</translation>
        </message>
        <message>
            <source>Escolha na lista ou digite o código, por exemplo 01091</source>
            <translation>Pick from the list or type the code, for example 01091</translation>
        </message>
        <message>
            <source>Escolha o campo que cada coluna preenche; colunas sem campo são ignoradas.</source>
            <translation>Choose the field each column fills; columns without a field are ignored.</translation>
        </message>
        <message>
            <source>Este mapeamento lê as colunas do leiaute do SIGPLAN, sem escolha por coluna: cada ação da UO escolhida vira uma iniciativa do plano do exercício, com a previsão orçamentária e a meta física desse ano. Ações com exclusão lógica são ignoradas.</source>
            <translation>This mapping reads the SIGPLAN layout's own columns, with no choice per column: each action of the chosen UO becomes an initiative of that year's plan, with that year's budget forecast and physical target. Actions marked as deleted are skipped.</translation>
        </message>
        <message>
            <source>Exclusão lógica: com Sim, a ação é ignorada</source>
            <translation>Deletion flag: with Sim, the action is skipped</translation>
        </message>
        <message>
            <source>Exemplo</source>
            <translation>Example</translation>
        </message>
        <message>
            <source>Exercício</source>
            <translation>Fiscal year</translation>
        </message>
        <message>
            <source>Exercício:</source>
            <translation>Fiscal year:</translation>
        </message>
        <message>
            <source>Importar só as linhas com:</source>
            <translation>Import only the rows with:</translation>
        </message>
        <message>
            <source>Informe a unidade orçamentária do SIGPLAN, por exemplo 01091.</source>
            <translation>Enter the SIGPLAN budget unit (UO), for example 01091.</translation>
        </message>
        <message>
            <source>Informe o valor da coluna '{0}' das linhas a importar, ou escolha "(todas as linhas)".</source>
            <translation>Enter the value of column '{0}' of the rows to import, or choose "(all rows)".</translation>
        </message>
        <message>
            <source>Iniciativas do plano (ações do SIGPLAN)</source>
            <translation>Plan initiatives (SIGPLAN actions)</translation>
        </message>
        <message>
            <source>Mapeamento pronto</source>
            <translation>Ready-made mapping</translation>
        </message>
        <message>
            <source>Mapeamento:</source>
            <translation>Mapping:</translation>
        </message>
        <message>
            <source>Meta física de {0}</source>
            <translation>Physical target for {0}</translation>
        </message>
        <message>
            <source>Nome do mapeamento:</source>
            <translation>Mapping name:</translation>
        </message>
        <message>
            <source>Não foi possível listar as UOs do arquivo: {0}</source>
            <translation>Could not list the file's UOs: {0}</translation>
        </message>
        <message>
            <source>Não foi possível salvar o mapeamento: {0}</source>
            <translation>Could not save the mapping: {0}</translation>
        </message>
        <message>
            <source>Para arquivos com vários exercícios: cada linha é importada no ano que a coluna de exercício informa.</source>
            <translation>For files with several fiscal years: each row is imported in the year its fiscal-year column gives.</translation>
        </message>
        <message>
            <source>Previsão orçamentária de {0}</source>
            <translation>Budget forecast for {0}</translation>
        </message>
        <message>
            <source>Salvar mapeamento</source>
            <translation>Save mapping</translation>
        </message>
        <message>
            <source>Salvar mapeamento…</source>
            <translation>Save mapping…</translation>
        </message>
        <message>
            <source>UO no SIGPLAN:</source>
            <translation>UO in SIGPLAN:</translation>
        </message>
        <message>
            <source>Unidade de destino</source>
            <translation>Destination unit</translation>
        </message>
        <message>
            <source>Unidade de destino:</source>
            <translation>Destination unit:</translation>
        </message>
        <message>
            <source>Unidade orçamentária do SIGPLAN</source>
            <translation>SIGPLAN budget unit (UO)</translation>
        </message>
        <message>
            <source>Valor do filtro de linhas</source>
            <translation>Row filter value</translation>
        </message>
        <message>
            <source>igual a</source>
            <translation>equal to</translation>
        </message>
        <message>
            <source>o de cada linha, da coluna do arquivo</source>
            <translation>each row's own, from the file's column</translation>
        </message>
        <message>
            <source>por exemplo 1091</source>
            <translation>for example 1091</translation>
        </message>
        <message>
            <source>{0} – {1} ({2} ações)</source>
            <translation>{0} – {1} ({2} actions)</translation>
        </message>
    </context>
    <context>
        <name>PlanSheetModel</name>
        <message>
            <source>A célula está em conflito com o servidor: resolva o conflito em Sincronização › Pendências de sincronização; desfazer ou refazer não foi aplicado.</source>
            <translation>The cell is in conflict with the server: resolve the conflict in Sync › Sync issues; undo or redo was not applied.</translation>
        </message>
        <message>
            <source>A célula mudou depois desta alteração, numa sincronização ou noutra edição: desfazer ou refazer não foi aplicado, para não apagar a mudança.</source>
            <translation>The cell changed after this edit, in a sync or another edit: undo or redo was not applied, so as not to erase the change.</translation>
        </message>
        <message>
            <source>A planilha está agrupada por {grouping}: escolha "Agrupar por: nenhum" para alterar este campo.</source>
            <translation>The sheet is grouped by {grouping}: choose "Group by: none" to change this field.</translation>
        </message>
        <message>
            <source>A unidade do item não é alterada pela planilha.</source>
            <translation>The item's unit is not changed in the sheet.</translation>
        </message>
        <message>
            <source>Alterar {field} de {code}</source>
            <translation>Change {field} of {code}</translation>
        </message>
        <message>
            <source>Aviso</source>
            <translation>Warning</translation>
        </message>
        <message>
            <source>Célula corrigida: {field} de {code}.</source>
            <translation>Cell corrected: {field} of {code}.</translation>
        </message>
        <message>
            <source>Código '{code}' já é de outro item deste plano: use um código que nenhum item tenha.</source>
            <translation>Code '{code}' already belongs to another item of this plan: use a code no item has.</translation>
        </message>
        <message>
            <source>Descarte-a ou refaça-a em Sincronização › Pendências de sincronização.</source>
            <translation>Discard or redo it in Sync › Sync issues.</translation>
        </message>
        <message>
            <source>Erro</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Linha de subtotal do grupo: não é editável. Espaço ou duplo clique recolhe ou expande o grupo.</source>
            <translation>Group subtotal row: not editable. Space or a double click collapses or expands the group.</translation>
        </message>
        <message>
            <source>O item não existe mais nesta cópia local: sincronize e tente de novo.</source>
            <translation>The item no longer exists in this local copy: sync and try again.</translation>
        </message>
        <message>
            <source>Somente leitura: {reason}</source>
            <translation>Read-only: {reason}</translation>
        </message>
        <message>
            <source>Um dos itens não existe mais nesta cópia local: sincronize e tente de novo.</source>
            <translation>One of the items no longer exists in this local copy: sync and try again.</translation>
        </message>
        <message>
            <source>Valor gravado: {value}</source>
            <translation>Saved value: {value}</translation>
        </message>
        <message>
            <source>Valor recusado, não gravado: {reason}</source>
            <translation>Value rejected, not saved: {reason}</translation>
        </message>
        <message>
            <source>{count} célula(s) em conflito com o servidor não foram desfeitas: resolva em Sincronização › Pendências de sincronização.</source>
            <translation>{count} cell(s) in conflict with the server were not undone: resolve them in Sync › Sync issues.</translation>
        </message>
        <message>
            <source>{count} célula(s) mudaram depois desta alteração e não foram desfeitas.</source>
            <translation>{count} cell(s) changed after this edit and were not undone.</translation>
        </message>
        <message>
            <source>● Alteração pendente de sincronização</source>
            <translation>● Change pending sync</translation>
        </message>
        <message>
            <source>● Alteração recusada pelo servidor: {reason}</source>
            <translation>● Change rejected by the server: {reason}</translation>
        </message>
        <message>
            <source>● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas.</source>
            <translation>● Conflict with the server: this change and the server's differ and need to be resolved.</translation>
        </message>
    </context>
    <context>
        <name>PreviewPage</name>
        <message>
            <source>Primeiras {0} linhas, lidas com o formato escolhido.</source>
            <translation>First {0} lines, read with the chosen format.</translation>
        </message>
        <message>
            <source>Prévia</source>
            <translation>Preview</translation>
        </message>
        <message>
            <source>Prévia das linhas</source>
            <translation>Line preview</translation>
        </message>
    </context>
    <context>
        <name>ResultPage</name>
        <message>
            <source>Apagar as {0} iniciativas importadas do SIGPLAN?</source>
            <translation>Delete the {0} initiatives imported from SIGPLAN?</translation>
        </message>
        <message>
            <source>Apagar as {0} linhas orçamentárias importadas agora?</source>
            <translation>Delete the {0} budget lines just imported?</translation>
        </message>
        <message>
            <source>Apagar as {0} linhas orçamentárias incluídas e voltar as {1} atualizadas ao que eram?</source>
            <translation>Delete the {0} budget lines added and restore the {1} updated ones to what they were?</translation>
        </message>
        <message>
            <source>Apagar os {0} itens incluídos e voltar os {1} itens atualizados ao que eram?</source>
            <translation>Delete the {0} items added and restore the {1} updated items to what they were?</translation>
        </message>
        <message>
            <source>Campos sem coluna no arquivo, deixados vazios: {0}.</source>
            <translation>Fields with no column in the file, left empty: {0}.</translation>
        </message>
        <message>
            <source>Coluna '{0}' {1}</source>
            <translation>Column '{0}' {1}</translation>
        </message>
        <message>
            <source>Colunas sem campo, ignoradas: {0}.</source>
            <translation>Columns without a field, ignored: {0}.</translation>
        </message>
        <message>
            <source>Desfazer importação</source>
            <translation>Undo import</translation>
        </message>
        <message>
            <source>Importada com aviso</source>
            <translation>Imported with warning</translation>
        </message>
        <message>
            <source>Importação cancelada: nada foi gravado.</source>
            <translation>Import cancelled: nothing was saved.</translation>
        </message>
        <message>
            <source>Importação desfeita: {0} iniciativa(s) apagada(s).</source>
            <translation>Import undone: {0} initiative(s) deleted.</translation>
        </message>
        <message>
            <source>Importação desfeita: {0} item(ns) apagado(s) ou restaurado(s).</source>
            <translation>Import undone: {0} item(s) deleted or restored.</translation>
        </message>
        <message>
            <source>Importação desfeita: {0} linha(s) apagada(s) ou restaurada(s).</source>
            <translation>Import undone: {0} line(s) deleted or restored.</translation>
        </message>
        <message>
            <source>Linha</source>
            <translation>Line</translation>
        </message>
        <message>
            <source>Linhas já importadas antes: {0} atualizada(s) com os valores do arquivo, {1} sem mudança.</source>
            <translation>Lines already imported before: {0} updated with the file's values, {1} unchanged.</translation>
        </message>
        <message>
            <source>Linhas rejeitadas e com aviso</source>
            <translation>Rejected lines and lines with warnings</translation>
        </message>
        <message>
            <source>Motivo</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Nada foi importado.</source>
            <translation>Nothing was imported.</translation>
        </message>
        <message>
            <source>Natureza de despesa deixada vazia: o arquivo não tem a modalidade de aplicação, e categoria, grupo e elemento sozinhos não formam a natureza.</source>
            <translation>Natureza de despesa left empty: the file has no modalidade de aplicação, and categoria, grupo and elemento alone do not make a natureza.</translation>
        </message>
        <message>
            <source>Nenhuma linha tem '{1}' na coluna '{0}': nada foi importado. Confira o valor na prévia e importe de novo.</source>
            <translation>No row has '{1}' in column '{0}': nothing was imported. Check the value in the preview and import again.</translation>
        </message>
        <message>
            <source>Rejeitada</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>Resultado</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Situação</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>{0} das {1} linhas rejeitadas têm o mesmo motivo: {2}</source>
            <translation>{0} of the {1} rejected rows have the same reason: {2}</translation>
        </message>
        <message>
            <source>{0} linha(s) com outro valor na coluna '{1}' deixada(s) de fora pelo filtro ({1} = {2}).</source>
            <translation>{0} row(s) with another value in column '{1}' left out by the filter ({1} = {2}).</translation>
        </message>
        <message>
            <source>{0} linha(s) lida(s), {1} importada(s), {2} com aviso, {3} rejeitada(s).</source>
            <translation>{0} line(s) read, {1} imported, {2} with warnings, {3} rejected.</translation>
        </message>
        <message>
            <source>{0} linha(s) lida(s): {1} item(ns) incluído(s), {2} atualizado(s), {3} sem alteração, {4} com aviso, {5} rejeitada(s).</source>
            <translation>{0} line(s) read: {1} item(s) added, {2} updated, {3} unchanged, {4} with warnings, {5} rejected.</translation>
        </message>
        <message>
            <source>{0}: {1}</source>
            <translation>{0}: {1}</translation>
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>&amp;Justificativa da devolução (obrigatória):</source>
            <translation>&amp;Justification for the return (required):</translation>
        </message>
        <message>
            <source>A justificativa fica registrada na auditoria do item.</source>
            <translation>The justification is recorded in the item's audit trail.</translation>
        </message>
        <message>
            <source>Cancelar</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Devolver</source>
            <translation>Return</translation>
        </message>
        <message>
            <source>Devolver item</source>
            <translation>Return item</translation>
        </message>
        <message>
            <source>Devolver para ajustes: {item}</source>
            <translation>Return for changes: {item}</translation>
        </message>
        <message>
            <source>Escreva a justificativa: a devolução sem justificativa não é aceita.</source>
            <translation>Write the justification: a return without one is not accepted.</translation>
        </message>
        <message>
            <source>Justificativa da devolução</source>
            <translation>Justification for the return</translation>
        </message>
    </context>
    <context>
        <name>RunPage</name>
        <message>
            <source>Cancelando…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <source>Cancelar importação</source>
            <translation>Cancel import</translation>
        </message>
        <message>
            <source>Conferindo linha {0} de {1}…</source>
            <translation>Checking line {0} of {1}…</translation>
        </message>
        <message>
            <source>Gravando {0} linhas…</source>
            <translation>Saving {0} lines…</translation>
        </message>
        <message>
            <source>Gravando {0} linhas… Não é mais possível cancelar: desfaça depois, se precisar.</source>
            <translation>Saving {0} lines… It can no longer be cancelled: undo it afterwards if needed.</translation>
        </message>
        <message>
            <source>Importando</source>
            <translation>Importing</translation>
        </message>
        <message>
            <source>Importação cancelada: nada foi gravado.</source>
            <translation>Import cancelled: nothing was saved.</translation>
        </message>
        <message>
            <source>Importação concluída.</source>
            <translation>Import finished.</translation>
        </message>
        <message>
            <source>Lendo o arquivo…</source>
            <translation>Reading the file…</translation>
        </message>
        <message>
            <source>Não foi possível importar: {0}
Use &lt; Voltar para corrigir o formato ou as colunas e importe de novo.</source>
            <translation>Could not import: {0}
Use &lt; Back to correct the format or the columns and import again.</translation>
        </message>
        <message>
            <source>Progresso da importação</source>
            <translation>Import progress</translation>
        </message>
    </context>
    <context>
        <name>SheetColumns</name>
        <message>
            <source>Campo '{field}' é obrigatório: informe um valor.</source>
            <translation>Field '{field}' is required: enter a value.</translation>
        </message>
        <message>
            <source>Valor '{value}' inválido para '{field}': use {allowed}.</source>
            <translation>Invalid value '{value}' for '{field}': use {allowed}.</translation>
        </message>
    </context>
    <context>
        <name>SheetDefinition</name>
        <message>
            <source>(sem ação estratégica)</source>
            <translation>(no strategic action)</translation>
        </message>
        <message>
            <source>(sem ação)</source>
            <translation>(no action)</translation>
        </message>
        <message>
            <source>(sem fonte)</source>
            <translation>(no funding source)</translation>
        </message>
        <message>
            <source>(sem natureza de despesa)</source>
            <translation>(no natureza de despesa)</translation>
        </message>
        <message>
            <source>(sem objetivo estratégico)</source>
            <translation>(no strategic objective)</translation>
        </message>
        <message>
            <source>(sem programa)</source>
            <translation>(no program)</translation>
        </message>
        <message>
            <source>(sem unidade)</source>
            <translation>(no unit)</translation>
        </message>
        <message>
            <source>1 item</source>
            <translation>1 item</translation>
        </message>
        <message>
            <source>1 linha</source>
            <translation>1 line</translation>
        </message>
        <message>
            <source>Filtrar por código, título ou responsável</source>
            <translation>Filter by code, title or responsible</translation>
        </message>
        <message>
            <source>Filtrar por programa, ação, natureza, fonte, UO ou UG</source>
            <translation>Filter by program, action, expense nature, source, UO or UG</translation>
        </message>
        <message>
            <source>Orçamento</source>
            <translation>Budget</translation>
        </message>
        <message>
            <source>Planilha do plano</source>
            <translation>Plan sheet</translation>
        </message>
        <message>
            <source>ação</source>
            <translation>action</translation>
        </message>
        <message>
            <source>ação estratégica</source>
            <translation>strategic action</translation>
        </message>
        <message>
            <source>fonte</source>
            <translation>funding source</translation>
        </message>
        <message>
            <source>natureza de despesa</source>
            <translation>natureza de despesa</translation>
        </message>
        <message>
            <source>objetivo estratégico</source>
            <translation>strategic objective</translation>
        </message>
        <message>
            <source>programa</source>
            <translation>program</translation>
        </message>
        <message>
            <source>unidade</source>
            <translation>unit</translation>
        </message>
        <message>
            <source>{count} itens</source>
            <translation>{count} items</translation>
        </message>
        <message>
            <source>{count} linhas</source>
            <translation>{count} lines</translation>
        </message>
    </context>
    <context>
        <name>SheetTable</name>
        <message>
            <source>'{text}' não encontrado na planilha.</source>
            <translation>'{text}' not found in the sheet.</translation>
        </message>
        <message>
            <source>'{text}' substituído por '{replacement}' na linha {row}, coluna {column}.</source>
            <translation>'{text}' replaced by '{replacement}' in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>1 célula alterada</source>
            <translation>1 cell changed</translation>
        </message>
        <message>
            <source>1 célula de número, data ou lista contém '{text}' só em parte e não foi alterada: nessas colunas, localize o conteúdo inteiro da célula para substituí-lo.</source>
            <translation>1 number, date or list cell contains '{text}' only in part and was not changed: in those columns, find the whole content of the cell to replace it.</translation>
        </message>
        <message>
            <source>1 célula fora da planilha foi ignorada</source>
            <translation>1 cell outside the sheet was ignored</translation>
        </message>
        <message>
            <source>1 célula obrigatória não foi limpa</source>
            <translation>1 required cell was not cleared</translation>
        </message>
        <message>
            <source>1 célula somente leitura não foi alterada</source>
            <translation>1 read-only cell was not changed</translation>
        </message>
        <message>
            <source>1 valor recusado, marcado em vermelho</source>
            <translation>1 value rejected, marked in red</translation>
        </message>
        <message>
            <source>A área de transferência não tem texto para colar.</source>
            <translation>The clipboard has no text to paste.</translation>
        </message>
        <message>
            <source>Colar</source>
            <translation>Paste</translation>
        </message>
        <message>
            <source>Colar {count} células</source>
            <translation>Paste {count} cells</translation>
        </message>
        <message>
            <source>Colunas fixas da planilha</source>
            <translation>Sheet's fixed columns</translation>
        </message>
        <message>
            <source>Contagem: {count}</source>
            <translation>Count: {count}</translation>
        </message>
        <message>
            <source>Copiar exige um único bloco retangular de células: ajuste a seleção e copie de novo.</source>
            <translation>Copy needs a single rectangular block of cells: adjust the selection and copy again.</translation>
        </message>
        <message>
            <source>Ctrl+; escreve a data de hoje: selecione células de data.</source>
            <translation>Ctrl+; writes today's date: select date cells.</translation>
        </message>
        <message>
            <source>Célula somente leitura: {reason}</source>
            <translation>Read-only cell: {reason}</translation>
        </message>
        <message>
            <source>Data de hoje</source>
            <translation>Today's date</translation>
        </message>
        <message>
            <source>Desfeito</source>
            <translation>Undone</translation>
        </message>
        <message>
            <source>Digite o texto a localizar.</source>
            <translation>Type the text to find.</translation>
        </message>
        <message>
            <source>Encontrado na linha {row}, coluna {column}.</source>
            <translation>Found in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>Limpar</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>Limpar {count} células</source>
            <translation>Clear {count} cells</translation>
        </message>
        <message>
            <source>Linha {row}, coluna {column}: a substituição não muda o conteúdo da célula.</source>
            <translation>Row {row}, column {column}: the replacement does not change the cell's content.</translation>
        </message>
        <message>
            <source>Média: {average}</source>
            <translation>Average: {average}</translation>
        </message>
        <message>
            <source>Não há outra ocorrência de '{text}' na planilha.</source>
            <translation>There is no other occurrence of '{text}' in the sheet.</translation>
        </message>
        <message>
            <source>Preencher</source>
            <translation>Fill</translation>
        </message>
        <message>
            <source>Preencher a seleção</source>
            <translation>Fill the selection</translation>
        </message>
        <message>
            <source>Preencher para baixo</source>
            <translation>Fill down</translation>
        </message>
        <message>
            <source>Preencher à direita</source>
            <translation>Fill right</translation>
        </message>
        <message>
            <source>Próxima ocorrência na linha {row}, coluna {column}.</source>
            <translation>Next occurrence in row {row}, column {column}.</translation>
        </message>
        <message>
            <source>Recortar</source>
            <translation>Cut</translation>
        </message>
        <message>
            <source>Refeito</source>
            <translation>Redone</translation>
        </message>
        <message>
            <source>Selecione a célula onde colar.</source>
            <translation>Select the cell to paste into.</translation>
        </message>
        <message>
            <source>Soma: {total}</source>
            <translation>Sum: {total}</translation>
        </message>
        <message>
            <source>Substituir</source>
            <translation>Replace</translation>
        </message>
        <message>
            <source>Substituir {count} células</source>
            <translation>Replace {count} cells</translation>
        </message>
        <message>
            <source>nenhuma célula alterada</source>
            <translation>no cells changed</translation>
        </message>
        <message>
            <source>{count} células alteradas</source>
            <translation>{count} cells changed</translation>
        </message>
        <message>
            <source>{count} células copiadas.</source>
            <translation>{count} cells copied.</translation>
        </message>
        <message>
            <source>{count} células de número, data ou lista contêm '{text}' só em parte e não foram alteradas: nessas colunas, localize o conteúdo inteiro da célula para substituí-lo.</source>
            <translation>{count} number, date or list cells contain '{text}' only in part and were not changed: in those columns, find the whole content of the cell to replace it.</translation>
        </message>
        <message>
            <source>{count} células fora da planilha foram ignoradas</source>
            <translation>{count} cells outside the sheet were ignored</translation>
        </message>
        <message>
            <source>{count} células obrigatórias não foram limpas</source>
            <translation>{count} required cells were not cleared</translation>
        </message>
        <message>
            <source>{count} células somente leitura não foram alteradas</source>
            <translation>{count} read-only cells were not changed</translation>
        </message>
        <message>
            <source>{count} valores recusados, marcados em vermelho</source>
            <translation>{count} values rejected, marked in red</translation>
        </message>
    </context>
    <context>
        <name>SheetView</name>
        <message>
            <source>  ·  ⚠ bege: aviso de validação</source>
            <translation>  ·  ⚠ beige: validation warning</translation>
        </message>
        <message>
            <source>&amp;Filtrar:</source>
            <translation>Fil&amp;ter:</translation>
        </message>
        <message>
            <source>&amp;Visão:</source>
            <translation>Vie&amp;w:</translation>
        </message>
        <message>
            <source>(não salva)</source>
            <translation>(not saved)</translation>
        </message>
        <message>
            <source>A&amp;grupar por:</source>
            <translation>&amp;Group by:</translation>
        </message>
        <message>
            <source>Agrupar por</source>
            <translation>Group by</translation>
        </message>
        <message>
            <source>Coluna fixa: sempre visível.</source>
            <translation>Fixed column: always visible.</translation>
        </message>
        <message>
            <source>Colunas</source>
            <translation>Columns</translation>
        </message>
        <message>
            <source>Colunas…</source>
            <translation>Columns…</translation>
        </message>
        <message>
            <source>Escolher colunas</source>
            <translation>Choose columns</translation>
        </message>
        <message>
            <source>Excluir visão</source>
            <translation>Delete view</translation>
        </message>
        <message>
            <source>Filtro da planilha</source>
            <translation>Sheet filter</translation>
        </message>
        <message>
            <source>Nome da visão:</source>
            <translation>View name:</translation>
        </message>
        <message>
            <source>Não foi possível salvar as visões em {path}: {error}.</source>
            <translation>Could not save the views in {path}: {error}.</translation>
        </message>
        <message>
            <source>Padrão</source>
            <translation>Default</translation>
        </message>
        <message>
            <source>Quantidade de linhas</source>
            <translation>Number of rows</translation>
        </message>
        <message>
            <source>Resumo da seleção</source>
            <translation>Selection summary</translation>
        </message>
        <message>
            <source>Salvar visão</source>
            <translation>Save view</translation>
        </message>
        <message>
            <source>Salvar visão…</source>
            <translation>Save view…</translation>
        </message>
        <message>
            <source>Visão '{name}' excluída.</source>
            <translation>View '{name}' deleted.</translation>
        </message>
        <message>
            <source>Visão '{name}' salva.</source>
            <translation>View '{name}' saved.</translation>
        </message>
        <message>
            <source>Visão salva</source>
            <translation>Saved view</translation>
        </message>
        <message>
            <source>nenhum</source>
            <translation>none</translation>
        </message>
        <message>
            <source>▲ laranja: alteração pendente  ·  ▲ vermelho: conflito ou valor recusado  ·  cinza: somente leitura</source>
            <translation>▲ orange: pending change  ·  ▲ red: conflict or rejected value  ·  grey: read-only</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>&amp;Entrar</source>
            <translation>&amp;Sign in</translation>
        </message>
        <message>
            <source>Cancelar</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Entrando</source>
            <translation>Signing in</translation>
        </message>
        <message>
            <source>Entrando como {name}…</source>
            <translation>Signing in as {name}…</translation>
        </message>
        <message>
            <source>Entrar no PlanMP (demonstração)</source>
            <translation>Sign in to PlanMP (demo)</translation>
        </message>
        <message>
            <source>Escolha um usuário da lista para entrar.</source>
            <translation>Choose a user from the list to sign in.</translation>
        </message>
        <message>
            <source>Escolha um usuário de demonstração. Cada perfil mostra o que a pessoa pode ver e alterar.</source>
            <translation>Choose a demo user. Each profile shows what that person can see and change.</translation>
        </message>
        <message>
            <source>Falha ao entrar: tente de novo.</source>
            <translation>Sign-in failed: try again.</translation>
        </message>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Não foi possível entrar. {message}</source>
            <translation>Could not sign in. {message}</translation>
        </message>
        <message>
            <source>Perfil</source>
            <translation>Profile</translation>
        </message>
        <message>
            <source>Unidade</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Usuários de demonstração</source>
            <translation>Demo users</translation>
        </message>
    </context>
    <context>
        <name>SigplanImportDialog</name>
        <message>
            <source>Ano do plano</source>
            <translation>Plan year</translation>
        </message>
        <message>
            <source>Ano do plano:</source>
            <translation>Plan year:</translation>
        </message>
        <message>
            <source>Arquivo '{0}' não encontrado: escolha o arquivo do SIGPLAN.</source>
            <translation>File '{0}' not found: choose the SIGPLAN file.</translation>
        </message>
        <message>
            <source>Arquivo de ações do SIGPLAN</source>
            <translation>SIGPLAN actions file</translation>
        </message>
        <message>
            <source>Arquivo do SIGPLAN</source>
            <translation>SIGPLAN file</translation>
        </message>
        <message>
            <source>Arquivo:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Cada ação da unidade orçamentária vira uma iniciativa do plano, com a previsão orçamentária e a meta física do ano escolhido. Ações com exclusão lógica são ignoradas.</source>
            <translation>Each action of the budget unit (UO) becomes an initiative of the plan, with the budget forecast and the physical target of the chosen year. Actions marked as deleted are skipped.</translation>
        </message>
        <message>
            <source>Escolha a unidade orçamentária a importar.</source>
            <translation>Choose the budget unit (UO) to import.</translation>
        </message>
        <message>
            <source>Ignoradas por exclusão lógica:</source>
            <translation>Skipped because marked as deleted:</translation>
        </message>
        <message>
            <source>Importar</source>
            <translation>Import</translation>
        </message>
        <message>
            <source>Importar ações do SIGPLAN</source>
            <translation>Import SIGPLAN actions</translation>
        </message>
        <message>
            <source>Importação concluída</source>
            <translation>Import finished</translation>
        </message>
        <message>
            <source>Não foi possível importar: {0}</source>
            <translation>Could not import: {0}</translation>
        </message>
        <message>
            <source>Não foi possível ler o arquivo: {0}</source>
            <translation>Could not read the file: {0}</translation>
        </message>
        <message>
            <source>Previsão orçamentária {0}: {1}</source>
            <translation>Budget forecast {0}: {1}</translation>
        </message>
        <message>
            <source>Procurar…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Texto separado por | (*.txt);;Todos (*)</source>
            <translation>Text separated by | (*.txt);;All (*)</translation>
        </message>
        <message>
            <source>Unidade de destino</source>
            <translation>Destination unit</translation>
        </message>
        <message>
            <source>Unidade de destino:</source>
            <translation>Destination unit:</translation>
        </message>
        <message>
            <source>Unidade orçamentária</source>
            <translation>Budget unit (UO)</translation>
        </message>
        <message>
            <source>Unidade orçamentária:</source>
            <translation>Budget unit (UO):</translation>
        </message>
        <message>
            <source>acoes_planejamento.txt</source>
            <translation>acoes_planejamento.txt</translation>
        </message>
        <message>
            <source>{0} ação(ões) importada(s) como iniciativas.</source>
            <translation>{0} action(s) imported as initiatives.</translation>
        </message>
        <message>
            <source>{0} já estavam no plano e foram mantidas.</source>
            <translation>{0} were already in the plan and were kept.</translation>
        </message>
        <message>
            <source>{0} – {1} ({2} ações)</source>
            <translation>{0} – {1} ({2} actions)</translation>
        </message>
    </context>
    <context>
        <name>SyncIssuesDialog</name>
        <message>
            <source>&amp;Descartar a alteração recusada</source>
            <translation>&amp;Discard the rejected change</translation>
        </message>
        <message>
            <source>&amp;Editar…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>&amp;Manter a minha</source>
            <translation>&amp;Keep mine</translation>
        </message>
        <message>
            <source>&amp;Tentar enviar de novo</source>
            <translation>&amp;Try sending again</translation>
        </message>
        <message>
            <source>&amp;Usar a do servidor</source>
            <translation>&amp;Use the server's</translation>
        </message>
        <message>
            <source>(vazio)</source>
            <translation>(empty)</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Campo</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Campos</source>
            <translation>Fields</translation>
        </message>
        <message>
            <source>Conflitos</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <source>Conflitos ({count})</source>
            <translation>Conflicts ({count})</translation>
        </message>
        <message>
            <source>Depende de</source>
            <translation>Depends on</translation>
        </message>
        <message>
            <source>E&amp;xportar para CSV…</source>
            <translation>E&amp;xport to CSV…</translation>
        </message>
        <message>
            <source>Editar valor</source>
            <translation>Edit value</translation>
        </message>
        <message>
            <source>Em quarentena desde</source>
            <translation>Quarantined since</translation>
        </message>
        <message>
            <source>Exportar quarentena</source>
            <translation>Export quarantine</translation>
        </message>
        <message>
            <source>Falha ao exportar</source>
            <translation>Export failed</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>Minha versão</source>
            <translation>My version</translation>
        </message>
        <message>
            <source>Motivo</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Novo valor de {field}</source>
            <translation>New value of {field}</translation>
        </message>
        <message>
            <source>Não foi possível gravar {path}: {error}. Escolha outra pasta.</source>
            <translation>Could not write {path}: {error}. Choose another folder.</translation>
        </message>
        <message>
            <source>Operação</source>
            <translation>Operation</translation>
        </message>
        <message>
            <source>Outra pessoa alterou os mesmos campos no servidor. Escolha, para cada campo, qual valor fica. A escolha é enviada na próxima sincronização e registrada na auditoria.</source>
            <translation>Someone else changed the same fields on the server. For each field, choose which value stays. The choice is sent in the next sync and recorded in the audit trail.</translation>
        </message>
        <message>
            <source>Pendências de sincronização</source>
            <translation>Sync issues</translation>
        </message>
        <message>
            <source>Precisam de atenção</source>
            <translation>Needs attention</translation>
        </message>
        <message>
            <source>Precisam de atenção ({count})</source>
            <translation>Needs attention ({count})</translation>
        </message>
        <message>
            <source>Quarentena</source>
            <translation>Quarantine</translation>
        </message>
        <message>
            <source>Quarentena ({count})</source>
            <translation>Quarantine ({count})</translation>
        </message>
        <message>
            <source>Recusadas</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>Recusadas ({count})</source>
            <translation>Rejected ({count})</translation>
        </message>
        <message>
            <source>Tentativas</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>Valor anterior</source>
            <translation>Previous value</translation>
        </message>
        <message>
            <source>Valor inválido</source>
            <translation>Invalid value</translation>
        </message>
        <message>
            <source>Versão do servidor</source>
            <translation>Server version</translation>
        </message>
        <message>
            <source>quarentena-planmp.csv</source>
            <translation>quarantine-planmp.csv</translation>
        </message>
        <message>
            <source>Último erro</source>
            <translation>Last error</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Atualizado</source>
            <translation>Up to date</translation>
        </message>
        <message>
            <source>Atualize o aplicativo</source>
            <translation>Update the app</translation>
        </message>
        <message>
            <source>Entre novamente para sincronizar</source>
            <translation>Sign in again to sync</translation>
        </message>
        <message>
            <source>Erro na cópia local</source>
            <translation>Local copy error</translation>
        </message>
        <message>
            <source>Erro no servidor</source>
            <translation>Server error</translation>
        </message>
        <message>
            <source>Outra sincronização em andamento</source>
            <translation>Another sync is running</translation>
        </message>
        <message>
            <source>Sem conexão</source>
            <translation>Offline</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusBar</name>
        <message>
            <source>1 alteração pendente</source>
            <translation>1 pending change</translation>
        </message>
        <message>
            <source>Alterações em quarentena</source>
            <translation>Quarantined changes</translation>
        </message>
        <message>
            <source>Alterações pendentes</source>
            <translation>Pending changes</translation>
        </message>
        <message>
            <source>Alterações que precisam de atenção</source>
            <translation>Changes that need attention</translation>
        </message>
        <message>
            <source>Alterações recusadas pelo servidor</source>
            <translation>Changes rejected by the server</translation>
        </message>
        <message>
            <source>Conectado – alterações aguardando envio</source>
            <translation>Connected – edits waiting to be sent</translation>
        </message>
        <message>
            <source>Conectado – há pendências para você resolver</source>
            <translation>Connected – sync issues wait for you</translation>
        </message>
        <message>
            <source>Conflitos</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <source>Estado da conexão</source>
            <translation>Connection state</translation>
        </message>
        <message>
            <source>Nenhuma alteração pendente</source>
            <translation>No pending changes</translation>
        </message>
        <message>
            <source>Nunca sincronizado</source>
            <translation>Never synced</translation>
        </message>
        <message>
            <source>Não sincronizado nesta sessão</source>
            <translation>Not synced in this session</translation>
        </message>
        <message>
            <source>Progresso da sincronização</source>
            <translation>Sync progress</translation>
        </message>
        <message>
            <source>Sincronizando…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>Sincronizando… enviando {done} de {total}</source>
            <translation>Syncing… sending {done} of {total}</translation>
        </message>
        <message>
            <source>Sincronizando… {done} registros de unidades novas recebidos</source>
            <translation>Syncing… {done} records of new units received</translation>
        </message>
        <message>
            <source>Sincronizando… {done} registros recebidos</source>
            <translation>Syncing… {done} records received</translation>
        </message>
        <message>
            <source>{count} alterações pendentes</source>
            <translation>{count} pending changes</translation>
        </message>
        <message>
            <source>Última sincronização</source>
            <translation>Last sync</translation>
        </message>
        <message>
            <source>Última sincronização: {when}</source>
            <translation>Last sync: {when}</translation>
        </message>
        <message>
            <source>⚠ 1 alteração precisa de atenção</source>
            <translation>⚠ 1 change needs attention</translation>
        </message>
        <message>
            <source>⚠ 1 alteração recusada</source>
            <translation>⚠ 1 rejected change</translation>
        </message>
        <message>
            <source>⚠ 1 conflito</source>
            <translation>⚠ 1 conflict</translation>
        </message>
        <message>
            <source>⚠ {count} alterações precisam de atenção</source>
            <translation>⚠ {count} changes need attention</translation>
        </message>
        <message>
            <source>⚠ {count} alterações recusadas</source>
            <translation>⚠ {count} rejected changes</translation>
        </message>
        <message>
            <source>⚠ {count} conflitos</source>
            <translation>⚠ {count} conflicts</translation>
        </message>
        <message>
            <source>⚠ {count} em quarentena (unidade fora do seu acesso)</source>
            <translation>⚠ {count} quarantined (unit outside your access)</translation>
        </message>
    </context>
    <context>
        <name>TotalsRow</name>
        <message>
            <source>Somas dos valores das linhas exibidas pelo filtro atual.</source>
            <translation>Sums of the values in the rows shown by the current filter.</translation>
        </message>
        <message>
            <source>Totais da planilha</source>
            <translation>Sheet totals</translation>
        </message>
        <message>
            <source>Totais do filtro</source>
            <translation>Filter totals</translation>
        </message>
    </context>
    <context>
        <name>WireText</name>
        <message>
            <source>Não</source>
            <translation>No</translation>
        </message>
        <message>
            <source>Sim</source>
            <translation>Yes</translation>
        </message>
    </context>
    <context>
        <name>_SyncThread</name>
        <message>
            <source>Falha inesperada na sincronização: suas alterações continuam guardadas. Tente de novo ou consulte o registro do aplicativo.</source>
            <translation>Unexpected sync failure: your changes are still saved. Try again or check the application log.</translation>
        </message>
    </context>
</TS>
