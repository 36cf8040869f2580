"""Fixed pt-BR vocabulary of the sample data: comarcas, people's names and title templates.

Every name here is invented for the fictitious Ministério Público do Estado de
Exemplo (MPEX). Any likeness to a real town or person is by chance.
"""

from __future__ import annotations

from dataclasses import dataclass

# (comarca, code suffix). Large comarcas get a group unit with specialised promotorias.
LARGE_COMARCAS = (
    ("Santa Cruz da Serra", "SCS"),
    ("Campinas do Oeste", "CAMP"),
    ("Porto Novo", "PNOV"),
    ("São Bento do Vale", "SBV"),
    ("Itaporã", "ITAP"),
    ("Vitória do Norte", "VNOR"),
    ("Rio Claro do Sul", "RCS"),
    ("Três Pontes", "TPON"),
)

SMALL_COMARCAS = (
    ("Águas Claras", "AGCL"),
    ("Alto Alegre", "ALAL"),
    ("Arraial do Cabo Verde", "ARCV"),
    ("Bananeiras", "BANA"),
    ("Barra Mansa do Sul", "BMS"),
    ("Boa Vista do Tocantins", "BVT"),
    ("Bom Jardim", "BOMJ"),
    ("Cachoeira Alta", "CACH"),
    ("Capela Nova", "CAPN"),
    ("Carmo da Mata", "CARM"),
    ("Conceição do Rio Verde", "CRV"),
    ("Coqueiral", "COQU"),
    ("Cristalina do Leste", "CRIS"),
    ("Dores do Turvo", "DORT"),
    ("Esperança do Sul", "ESUL"),
    ("Fortaleza dos Vales", "FVAL"),
    ("Guaranésia", "GUAR"),
    ("Ibiraçu", "IBIR"),
    ("Itaberaba", "ITAB"),
    ("Jacutinga", "JACU"),
    ("Lagoa Dourada", "LAGD"),
    ("Lajeado Grande", "LAJG"),
    ("Mirassol do Leste", "MIRL"),
    ("Monte Santo", "MONS"),
    ("Nova Olinda", "NOLI"),
    ("Ouro Branco do Sul", "OBS"),
    ("Palmeiras", "PALM"),
    ("Pedra Azul", "PEDA"),
    ("Piracema", "PIRA"),
    ("Quatro Barras", "QBAR"),
    ("Ribeirão Bonito", "RIBB"),
    ("Santa Luzia do Norte", "SLN"),
    ("São Gonçalo do Pará", "SGP"),
    ("Serra Negra do Sul", "SNS"),
    ("Tapiraí", "TAPI"),
    ("Várzea Grande do Sul", "VGS"),
    ("Vargem Alegre", "VARG"),
)

# (code suffix, name prefix, area) of the specialised promotorias of a large comarca.
SPECIALISED_PROMOTORIAS = (
    ("CR1", "1ª Promotoria de Justiça Criminal", "criminal"),
    ("CR2", "2ª Promotoria de Justiça Criminal", "criminal"),
    ("CIV", "Promotoria de Justiça Cível", "civel"),
    ("IJ", "Promotoria de Justiça da Infância e Juventude", "infancia"),
    ("MA", "Promotoria de Justiça de Defesa do Meio Ambiente", "meio_ambiente"),
    ("PP", "Promotoria de Justiça de Defesa do Patrimônio Público", "patrimonio"),
)

FIRST_NAMES = tuple("""
    Adriana Alexandre Aline André Beatriz Bruna Caio Camila Cláudia Daniel Daniela Eduardo
    Fabiana Fernanda Fernando Gustavo Helena Igor Jéssica Juliana Júlio Leandro Letícia
    Lucas Luciana Luís Mariana Mateus Márcia Patrícia Paulo Renata Ricardo Roberta Rodrigo
    Sérgio Simone Tatiana Thiago Vanessa Vinícius Viviane
    """.split())

SURNAMES = tuple("""
    Alves Andrade Araújo Azevedo Batista Borges Campos Cardoso Castro Correia Cunha Dias
    Duarte Farias Freitas Gonçalves Lopes Machado Medeiros Melo Monteiro Moreira Moura
    Nascimento Pinto Ramos Rezende Santana Santos Silva Siqueira Vieira
    """.split())


@dataclass(frozen=True)
class Template:
    """An initiative title with one ``{slot}`` and the deliverable it produces."""

    title: str
    deliverable: str
    target_unit: str
    min_quantity: int
    max_quantity: int


@dataclass(frozen=True)
class Area:
    """A field of work: its title templates, the words that fill them and its expense types."""

    templates: tuple[Template, ...]
    slots: dict[str, tuple[str, ...]]
    objectives: tuple[str, ...]  # objective codes its initiatives serve
    naturezas: tuple[str, ...]
    task_pattern: str  # key of TASK_PATTERNS


FINALISTIC_TEMPLATES = (
    Template(
        "Realizar mutirão de {mutirao}",
        "Procedimentos analisados no mutirão",
        "procedimento",
        20,
        400,
    ),
    Template(
        "Instaurar procedimentos administrativos sobre {tema}",
        "Procedimentos instaurados",
        "procedimento",
        3,
        60,
    ),
    Template(
        "Promover audiência pública sobre {tema}",
        "Audiências públicas realizadas",
        "audiência",
        1,
        4,
    ),
    Template("Fiscalizar {alvo}", "Fiscalizações realizadas", "fiscalização", 2, 40),
    Template("Realizar inspeções em {alvo}", "Inspeções realizadas", "inspeção", 2, 30),
    Template("Acompanhar a situação de {alvo}", "Relatórios de acompanhamento", "relatório", 2, 12),
    Template(
        "Firmar termos de ajustamento de conduta sobre {tema}", "TACs firmados", "termo", 1, 12
    ),
    Template(
        "Expedir recomendações sobre {tema}", "Recomendações expedidas", "recomendação", 1, 20
    ),
    Template(
        "Reduzir o acervo de procedimentos sobre {tema}",
        "Procedimentos concluídos",
        "procedimento",
        10,
        200,
    ),
    Template(
        "Articular a rede de proteção em {tema}", "Reuniões com a rede realizadas", "reunião", 2, 12
    ),
    Template("Implantar projeto de atuação em {tema}", "Projeto implantado", "projeto", 1, 1),
    Template("Capacitar servidores em {tema}", "Servidores capacitados", "pessoa", 5, 80),
)

FINALISTIC_NATUREZAS = (
    "3.3.90.30",
    "3.3.90.39",
    "3.3.90.14",
    "3.3.90.33",
    "3.3.90.36",
    "4.4.90.52",
)


def _finalistic(
    objectives: tuple[str, ...],
    tema: tuple[str, ...],
    alvo: tuple[str, ...],
    mutirao: tuple[str, ...],
) -> Area:
    return Area(
        FINALISTIC_TEMPLATES,
        {"tema": tema, "alvo": alvo, "mutirao": mutirao},
        objectives,
        FINALISTIC_NATUREZAS,
        "finalistica",
    )


FINALISTIC_AREAS: dict[str, Area] = {
    "criminal": _finalistic(
        ("OE01", "OE04"),
        (
            "violência doméstica",
            "crimes contra a ordem tributária",
            "tráfico de drogas",
            "crimes cibernéticos",
            "segurança pública municipal",
        ),
        (
            "unidades prisionais da comarca",
            "delegacias de polícia",
            "audiências de custódia",
            "cadeias públicas",
            "medidas protetivas de urgência",
        ),
        (
            "acordos de não persecução penal",
            "inquéritos policiais antigos",
            "execução penal",
            "processos de júri",
        ),
    ),
    "civel": _finalistic(
        ("OE02", "OE05"),
        (
            "registros públicos",
            "curatela de pessoas com deficiência",
            "fundações privadas",
            "sucessões com interesse de incapazes",
        ),
        (
            "cartórios de registro civil",
            "fundações privadas da comarca",
            "entidades de acolhimento de idosos",
        ),
        ("interdições pendentes", "habilitações de casamento", "retificações de registro civil"),
    ),
    "infancia": _finalistic(
        ("OE02",),
        (
            "evasão escolar",
            "trabalho infantil",
            "acolhimento institucional",
            "medidas socioeducativas",
            "adoção",
        ),
        (
            "conselhos tutelares",
            "unidades de acolhimento",
            "centros socioeducativos",
            "fundos municipais da infância",
        ),
        (
            "processos de destituição do poder familiar",
            "guias de acolhimento",
            "representações por ato infracional",
        ),
    ),
    "meio_ambiente": _finalistic(
        ("OE03",),
        (
            "desmatamento",
            "saneamento básico",
            "resíduos sólidos",
            "licenciamento ambiental",
            "áreas de preservação permanente",
        ),
        (
            "aterros sanitários",
            "estações de tratamento de esgoto",
            "barragens de rejeitos",
            "áreas de mineração",
        ),
        ("autos de infração ambiental", "inquéritos civis ambientais"),
    ),
    "patrimonio": _finalistic(
        ("OE03",),
        (
            "improbidade administrativa",
            "contratações emergenciais",
            "nepotismo",
            "transparência municipal",
        ),
        (
            "licitações municipais",
            "portais da transparência dos municípios",
            "contratos de transporte escolar",
            "folhas de pagamento municipais",
        ),
        ("inquéritos civis de improbidade", "notícias de fato sobre licitações"),
    ),
    "saude": _finalistic(
        ("OE02",),
        (
            "filas de cirurgias eletivas",
            "fornecimento de medicamentos",
            "saúde mental",
            "vigilância sanitária",
        ),
        (
            "hospitais públicos",
            "unidades básicas de saúde",
            "centros de atenção psicossocial",
            "farmácias municipais",
        ),
        ("pedidos de medicamentos", "procedimentos sobre leitos hospitalares"),
    ),
    "educacao": _finalistic(
        ("OE02",),
        ("transporte escolar", "alimentação escolar", "vagas em creches", "educação inclusiva"),
        ("escolas estaduais", "creches municipais", "conselhos do FUNDEB", "cantinas escolares"),
        ("procedimentos sobre vagas em creches", "notícias de fato sobre transporte escolar"),
    ),
    "consumidor": _finalistic(
        ("OE03",),
        ("cobranças abusivas", "superendividamento", "serviços de telefonia", "planos de saúde"),
        (
            "postos de combustíveis",
            "supermercados",
            "instituições financeiras",
            "concessionárias de energia",
        ),
        ("reclamações de consumidores", "processos administrativos do PROCON"),
    ),
    "direitos_humanos": _finalistic(
        ("OE02",),
        (
            "população em situação de rua",
            "acessibilidade",
            "direitos da pessoa idosa",
            "igualdade racial",
        ),
        (
            "instituições de longa permanência para idosos",
            "abrigos municipais",
            "comunidades terapêuticas",
        ),
        ("notícias de fato sobre acessibilidade", "procedimentos sobre pessoas idosas"),
    ),
}

GENERALIST_AREAS = (
    "criminal",
    "civel",
    "infancia",
    "meio_ambiente",
    "patrimonio",
    "saude",
    "educacao",
    "consumidor",
)

ADMIN_AREAS: dict[str, Area] = {
    "ti": Area(
        (
            Template("Implantar {sistema}", "Sistema implantado", "sistema", 1, 1),
            Template("Contratar {servico}", "Contrato firmado", "contrato", 1, 2),
            Template("Adquirir {bem}", "Equipamentos entregues", "unidade", 5, 150),
            Template("Modernizar {infra}", "Etapas concluídas", "etapa", 1, 4),
            Template("Capacitar servidores em {tema}", "Servidores capacitados", "pessoa", 10, 120),
        ),
        {
            "sistema": (
                "sistema de gestão de documentos",
                "processo eletrônico nas promotorias",
                "painel de indicadores estratégicos",
                "autenticação multifator",
                "plataforma de videoconferência",
            ),
            "servico": (
                "suporte técnico aos usuários",
                "serviço de nuvem",
                "link de dados para as promotorias do interior",
                "licenças de software de escritório",
            ),
            "bem": (
                "notebooks para as promotorias",
                "servidores de rede",
                "scanners de produção",
                "switches para as sedes",
            ),
            "infra": ("rede lógica da sede", "sala-cofre", "central de atendimento ao usuário"),
            "tema": ("segurança da informação", "análise de dados", "proteção de dados pessoais"),
        },
        ("OE09",),
        ("3.3.90.40", "4.4.90.52", "3.3.90.30"),
        "contratacao",
    ),
    "pessoas": Area(
        (
            Template("Realizar {evento}", "Eventos realizados", "evento", 1, 6),
            Template("Implantar {programa}", "Programa implantado", "programa", 1, 1),
            Template("Capacitar servidores em {tema}", "Servidores capacitados", "pessoa", 10, 300),
            Template("Revisar {norma}", "Norma publicada", "ato normativo", 1, 2),
        ),
        {
            "evento": (
                "exames periódicos de saúde",
                "semana de qualidade de vida",
                "avaliação de desempenho dos servidores",
                "concurso de estagiários",
            ),
            "programa": (
                "programa de teletrabalho",
                "programa de preparação para a aposentadoria",
                "programa de saúde mental",
                "gestão por competências",
            ),
            "tema": (
                "gestão de pessoas",
                "liderança",
                "atendimento ao público",
                "língua portuguesa e redação oficial",
            ),
            "norma": (
                "regulamento do teletrabalho",
                "plano de cargos e salários",
                "normas de estágio",
            ),
        },
        ("OE07", "OE08"),
        ("3.3.90.39", "3.3.90.14", "3.3.90.33", "3.3.90.36"),
        "evento",
    ),
    "capacitacao": Area(
        (
            Template("Realizar curso de {tema}", "Participantes certificados", "pessoa", 20, 300),
            Template("Promover seminário sobre {tema}", "Seminários realizados", "evento", 1, 3),
            Template("Publicar revista sobre {tema}", "Edições publicadas", "edição", 1, 2),
            Template("Capacitar membros em {tema}", "Membros capacitados", "pessoa", 10, 150),
        ),
        {
            "tema": (
                "acordos de não persecução penal",
                "investigação criminal",
                "tutela coletiva",
                "proteção de dados pessoais",
                "mediação e negociação",
                "improbidade administrativa",
                "direito ambiental",
                "oratória no tribunal do júri",
            ),
        },
        ("OE07",),
        ("3.3.90.39", "3.3.90.14", "3.3.90.33", "3.3.90.36"),
        "evento",
    ),
    "financas": Area(
        (
            Template("Elaborar {peca}", "Documento entregue", "documento", 1, 2),
            Template("Acompanhar {controle}", "Relatórios publicados", "relatório", 4, 12),
            Template("Implantar {ferramenta}", "Ferramenta implantada", "ferramenta", 1, 1),
        ),
        {
            "peca": (
                "proposta orçamentária de 2027",
                "plano de contratações anual",
                "relatório de gestão fiscal",
                "programação financeira",
            ),
            "controle": (
                "execução orçamentária mensal",
                "limites da Lei de Responsabilidade Fiscal",
                "restos a pagar",
                "custos por unidade",
            ),
            "ferramenta": (
                "sistema de custos",
                "painel de execução orçamentária",
                "conciliação bancária automática",
            ),
        },
        ("OE10", "OE11"),
        ("3.3.90.39", "3.3.90.40", "3.3.90.30"),
        "contratacao",
    ),
    "licitacoes": Area(
        (
            Template("Realizar licitação de {objeto}", "Contrato firmado", "contrato", 1, 3),
            Template("Padronizar {documento}", "Modelos publicados", "modelo", 1, 10),
            Template("Renovar contrato de {objeto}", "Contrato renovado", "contrato", 1, 1),
        ),
        {
            "objeto": (
                "limpeza e conservação",
                "vigilância patrimonial",
                "fornecimento de água mineral",
                "manutenção predial",
                "locação de veículos",
                "material de expediente",
            ),
            "documento": (
                "termos de referência",
                "minutas de contrato",
                "estudos técnicos preliminares",
            ),
        },
        ("OE11",),
        ("3.3.90.39", "3.3.90.37", "3.3.90.30"),
        "contratacao",
    ),
    "engenharia": Area(
        (
            Template(
                "Reformar a sede das promotorias de {comarca}",
                "Obra concluída",
                "% executado",
                100,
                100,
            ),
            Template(
                "Construir a sede das promotorias de {comarca}",
                "Obra concluída",
                "% executado",
                100,
                100,
            ),
            Template(
                "Adequar a acessibilidade da sede de {comarca}",
                "Obra concluída",
                "% executado",
                100,
                100,
            ),
            Template("Instalar {sistema}", "Sedes atendidas", "sede", 1, 12),
        ),
        {
            "comarca": tuple(name for name, _ in SMALL_COMARCAS[:20]),
            "sistema": (
                "usinas fotovoltaicas",
                "sistemas de prevenção de incêndio",
                "grupos geradores",
                "sistemas de climatização",
            ),
        },
        ("OE12",),
        ("4.4.90.51", "3.3.90.39", "4.4.90.52"),
        "obra",
    ),
    "logistica": Area(
        (
            Template("Adquirir {bem}", "Itens entregues", "unidade", 10, 500),
            Template("Contratar {servico}", "Contrato firmado", "contrato", 1, 2),
            Template("Inventariar {acervo}", "Inventário concluído", "inventário", 1, 1),
        ),
        {
            "bem": (
                "mobiliário para as promotorias",
                "veículos oficiais",
                "material de expediente",
                "cadeiras ergonômicas",
            ),
            "servico": (
                "gestão de frota",
                "transporte de documentos",
                "manutenção de ar-condicionado",
            ),
            "acervo": ("bens patrimoniais da sede", "almoxarifado central", "arquivo permanente"),
        },
        ("OE12", "OE11"),
        ("3.3.90.30", "3.3.90.39", "3.3.90.37", "4.4.90.52"),
        "contratacao",
    ),
    "comunicacao": Area(
        (
            Template("Produzir campanha sobre {tema}", "Campanha veiculada", "campanha", 1, 3),
            Template("Reformular {canal}", "Canal publicado", "canal", 1, 1),
            Template("Realizar {evento}", "Eventos realizados", "evento", 1, 4),
        ),
        {
            "tema": (
                "combate à violência doméstica",
                "direitos do consumidor",
                "proteção ambiental",
                "combate à corrupção",
            ),
            "canal": (
                "portal institucional",
                "portal da transparência",
                "perfil nas redes sociais",
                "boletim interno",
            ),
            "evento": (
                "encontro com a imprensa",
                "prêmio de boas práticas",
                "ouvidoria itinerante",
            ),
        },
        ("OE06",),
        ("3.3.90.39", "3.3.90.30"),
        "evento",
    ),
    "gestao": Area(
        (
            Template("Mapear {processo}", "Processos mapeados", "processo", 1, 15),
            Template("Monitorar {objeto}", "Relatórios de monitoramento", "relatório", 2, 12),
            Template("Implantar {pratica}", "Prática implantada", "prática", 1, 1),
            Template("Auditar {objeto_auditoria}", "Relatórios de auditoria", "relatório", 1, 4),
        ),
        {
            "processo": (
                "processos de trabalho das promotorias",
                "fluxo de aprovação do PAA",
                "rotinas da secretaria",
                "atendimento ao cidadão",
            ),
            "objeto": (
                "indicadores estratégicos",
                "plano de ação anual",
                "riscos institucionais",
                "metas do CNMP",
            ),
            "pratica": (
                "gestão de riscos",
                "escritório de projetos",
                "programa de integridade",
                "gestão do conhecimento",
            ),
            "objeto_auditoria": (
                "contratos de serviços contínuos",
                "folha de pagamento",
                "concessão de diárias",
                "gestão patrimonial",
            ),
        },
        ("OE05", "OE11", "OE06"),
        ("3.3.90.39", "3.3.90.30", "3.3.90.14"),
        "finalistica",
    ),
}

# (programa, programa name, acao, acao title, funcao, subfuncao); funcao 03 is Essencial à
# Justiça with subfuncao 091 Defesa da Ordem Jurídica, 04 is Administração.
BUDGET_ACTIONS: dict[str, tuple[str, str, str, str, str, str]] = {
    "promotorias": (
        "0470",
        "Defesa da Ordem Jurídica",
        "2E90",
        "Atuação finalística das Promotorias de Justiça",
        "03",
        "091",
    ),
    "caos": (
        "0470",
        "Defesa da Ordem Jurídica",
        "2E91",
        "Apoio técnico dos Centros de Apoio Operacional",
        "03",
        "091",
    ),
    "administracao": (
        "0471",
        "Gestão Administrativa do MPEX",
        "2001",
        "Administração da unidade",
        "04",
        "122",
    ),
    "ti": (
        "0471",
        "Gestão Administrativa do MPEX",
        "2E92",
        "Tecnologia da informação",
        "04",
        "126",
    ),
    "capacitacao": (
        "0471",
        "Gestão Administrativa do MPEX",
        "2E93",
        "Capacitação de membros e servidores",
        "04",
        "128",
    ),
    "obras": (
        "0471",
        "Gestão Administrativa do MPEX",
        "1E40",
        "Construção, reforma e ampliação de sedes",
        "04",
        "122",
    ),
    "comunicacao": (
        "0471",
        "Gestão Administrativa do MPEX",
        "2E94",
        "Comunicação institucional",
        "04",
        "131",
    ),
    "fundo": (
        "0472",
        "Fundo Especial do MPEX",
        "4E10",
        "Modernização e reaparelhamento do MPEX",
        "03",
        "091",
    ),
}

# Planned amount range in reais for each elemento of despesa.
AMOUNT_RANGES = {
    "14": (1_500, 40_000),  # diárias
    "30": (2_000, 80_000),  # material de consumo
    "33": (3_000, 60_000),  # passagens
    "36": (4_000, 50_000),  # serviços de pessoa física
    "37": (50_000, 800_000),  # locação de mão de obra
    "39": (10_000, 600_000),  # serviços de pessoa jurídica
    "40": (30_000, 1_500_000),  # serviços de TIC
    "51": (150_000, 3_000_000),  # obras e instalações
    "52": (15_000, 900_000),  # equipamentos e material permanente
}

# Ordered steps; an initiative's tasks are an ordered sample of one pattern.
TASK_PATTERNS: dict[str, tuple[str, ...]] = {
    "finalistica": (
        "Levantar dados junto aos órgãos parceiros",
        "Definir cronograma com a equipe",
        "Expedir ofícios aos órgãos envolvidos",
        "Realizar reunião de alinhamento",
        "Executar as diligências previstas",
        "Consolidar resultados em relatório",
        "Divulgar resultados à sociedade",
    ),
    "contratacao": (
        "Elaborar estudo técnico preliminar",
        "Elaborar termo de referência",
        "Pesquisar preços de mercado",
        "Instruir processo no SEI",
        "Acompanhar a licitação",
        "Receber e conferir o objeto",
        "Atestar a execução do contrato",
    ),
    "evento": (
        "Definir conteúdo programático",
        "Contratar instrutores",
        "Reservar local e equipamentos",
        "Divulgar inscrições",
        "Realizar o evento",
        "Aplicar avaliação de reação",
        "Emitir certificados",
    ),
    "obra": (
        "Elaborar projeto básico",
        "Obter alvarás e licenças",
        "Licitar a obra",
        "Fiscalizar a execução da obra",
        "Receber provisoriamente a obra",
        "Receber definitivamente a obra",
    ),
}

NOTES = (
    "Aguardando manifestação da Diretoria de Licitações e Contratos.",
    "Depende de liberação orçamentária.",
    "Cronograma revisto após reunião com o CAO.",
    "Parceria com a prefeitura em negociação.",
    "Prazo prorrogado por falta de servidores na secretaria.",
    "Ver relatório parcial no processo SEI.",
)
