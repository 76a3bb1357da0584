<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>HoldPanel</name>
    <message>
        <source>Waiting on hold</source>
        <translation>Esperando en la línea</translation>
    </message>
    <message>
        <source>{button}: I will call you back when a person answers</source>
        <translation>{button}: le aviso cuando conteste una persona</translation>
    </message>
    <message>
        <source>Time on hold</source>
        <translation>Tiempo en espera</translation>
    </message>
    <message>
        <source>The line is</source>
        <translation>La línea está</translation>
    </message>
    <message>
        <source>Waiting on hold stopped: {why}</source>
        <translation>Se dejó de esperar en la línea: {why}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Phone keypad</source>
        <translation>Teclado del teléfono</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Tecla {key}</translation>
    </message>
    <message>
        <source>press this key now</source>
        <translation>oprima esta tecla ahora</translation>
    </message>
</context>
<context>
    <name>LinePanel</name>
    <message>
        <source>The call&apos;s options</source>
        <translation>Las opciones de la llamada</translation>
    </message>
    <message>
        <source>Listen to the call</source>
        <translation>Escuchar la llamada</translation>
    </message>
    <message>
        <source>Listen to the call: show the line&apos;s options as it says them</source>
        <translation>Escuchar la llamada: mostrar las opciones de la línea a medida que las dice</translation>
    </message>
    <message>
        <source>The line says</source>
        <translation>La línea dice</translation>
    </message>
    <message>
        <source>Listening for: {goal}</source>
        <translation>Escuchando para: {goal}</translation>
    </message>
    <message>
        <source>Listening to the call (no goal yet: ask first to have one marked).</source>
        <translation>Escuchando la llamada (sin objetivo todavía: pregunte primero para que se marque uno).</translation>
    </message>
    <message>
        <source>Listening to the call stopped: {why}</source>
        <translation>Se dejó de escuchar la llamada: {why}</translation>
    </message>
    <message>
        <source>words not caught</source>
        <translation>palabras no entendidas</translation>
    </message>
    <message>
        <source>Press {key}: {label}</source>
        <translation>Oprima {key}: {label}</translation>
    </message>
    <message>
        <source>It fits what you need; press Enter to play it.</source>
        <translation>Es la que le sirve; presione Intro para enviarla.</translation>
    </message>
    <message>
        <source>this one fits what you need</source>
        <translation>esta es la que le sirve</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Another assistant window is open. Both can be used: changes to the call sheet from either are kept.</source>
        <translation>Hay otra ventana del asistente abierta. Puede usar las dos: se guardan los cambios en la hoja de llamada de cualquiera.</translation>
    </message>
    <message>
        <source>Loading speech…</source>
        <translation>Cargando la voz…</translation>
    </message>
    <message>
        <source>USCIS call helper: {name}</source>
        <translation>Ayuda para llamar a USCIS: {name}</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Are live agents available now</source>
        <translation>Si hay agentes disponibles ahora</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Hablar</translation>
    </message>
    <message>
        <source>Talk: press, say what you need, press again</source>
        <translation>Hablar: presione, diga lo que necesita, presione otra vez</translation>
    </message>
    <message>
        <source>Space or Ctrl+Space</source>
        <translation>Espacio o Ctrl+Espacio</translation>
    </message>
    <message>
        <source>Hands-free</source>
        <translation>Manos libres</translation>
    </message>
    <message>
        <source>Hands-free: listen all the time</source>
        <translation>Manos libres: escuchar todo el tiempo</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Nivel del micrófono</translation>
    </message>
    <message>
        <source>Loading speech</source>
        <translation>Cargando la voz</translation>
    </message>
    <message>
        <source>Speech status</source>
        <translation>Estado de la voz</translation>
    </message>
    <message>
        <source>What I hear</source>
        <translation>Lo que oigo</translation>
    </message>
    <message>
        <source>Or type what you need, for example: I moved</source>
        <translation>O escriba lo que necesita, por ejemplo: me mudé</translation>
    </message>
    <message>
        <source>Type what you need</source>
        <translation>Escriba lo que necesita</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Preguntar</translation>
    </message>
    <message>
        <source>Say or type what you need: I moved, my green card never came, let me talk to a human.</source>
        <translation>Diga o escriba lo que necesita: me mudé, nunca me llegó la green card, quiero hablar con una persona.</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Say it again</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <source>Say the answer again</source>
        <translation>Decir la respuesta otra vez</translation>
    </message>
    <message>
        <source>Play the keys</source>
        <translation>Tocar las teclas</translation>
    </message>
    <message>
        <source>Play the keys as tones (hold the phone to the speaker)</source>
        <translation>Tocar las teclas como tonos (acerque el teléfono al altavoz)</translation>
    </message>
    <message>
        <source>Copy dial link</source>
        <translation>Copiar enlace</translation>
    </message>
    <message>
        <source>Copy the dial link for a phone</source>
        <translation>Copiar el enlace para marcar desde un teléfono</translation>
    </message>
    <message>
        <source>Show QR code</source>
        <translation>Mostrar código QR</translation>
    </message>
    <message>
        <source>Show the dial link as a QR code to scan</source>
        <translation>Mostrar el enlace para marcar como un código QR para escanear</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Más</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menú</translation>
    </message>
    <message>
        <source>Call sheet</source>
        <translation>Hoja de llamada</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Menu (press Enter on an option for its keys)</source>
        <translation>Menú (presione Intro en una opción para ver sus teclas)</translation>
    </message>
    <message>
        <source>The phone menu</source>
        <translation>El menú telefónico</translation>
    </message>
    <message>
        <source>The settings could not be saved ({why}).</source>
        <translation>No se pudieron guardar los ajustes ({why}).</translation>
    </message>
    <message>
        <source>Downloading… you can go on using the assistant.</source>
        <translation>Descargando… puede seguir usando el asistente.</translation>
    </message>
    <message>
        <source>The model is in {folder}; speech now uses it.</source>
        <translation>El modelo está en {folder}; la voz ya lo usa.</translation>
    </message>
    <message>
        <source>The download did not finish: {why}</source>
        <translation>La descarga no terminó: {why}</translation>
    </message>
    <message>
        <source>{done} of {total} MB</source>
        <translation>{done} de {total} MB</translation>
    </message>
    <message>
        <source>Choice {number}: {label}</source>
        <translation>Opción {number}: {label}</translation>
    </message>
    <message>
        <source>Loading speech… you can type meanwhile.</source>
        <translation>Cargando la voz… mientras tanto puede escribir.</translation>
    </message>
    <message>
        <source>I hear: {text}</source>
        <translation>Oigo: {text}</translation>
    </message>
    <message>
        <source>Speech input is off: {why}. Type your request instead.</source>
        <translation>La entrada de voz no funciona: {why}. Escriba lo que necesita.</translation>
    </message>
    <message>
        <source>Heard: &quot;{text}&quot;</source>
        <translation>Oí: &quot;{text}&quot;</translation>
    </message>
    <message>
        <source>I heard nothing I could use.</source>
        <translation>No oí nada que pudiera usar.</translation>
    </message>
    <message>
        <source>Answers are not said aloud ({why}); they are shown here.</source>
        <translation>Las respuestas no se dicen en voz alta ({why}); se muestran aquí.</translation>
    </message>
    <message>
        <source>The keys could not be played ({why}).</source>
        <translation>No se pudieron tocar las teclas ({why}).</translation>
    </message>
    <message>
        <source>Copied {link}</source>
        <translation>Copiado: {link}</translation>
    </message>
    <message>
        <source>Scan to dial</source>
        <translation>Escanee para marcar</translation>
    </message>
    <message>
        <source>QR code for {link}</source>
        <translation>Código QR de {link}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the QR code</source>
        <translation>Cerrar el código QR</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Found in what you type (speech in English)</source>
        <translation>Según lo que escriba (la voz en inglés)</translation>
    </message>
    <message>
        <source>Found in what you say or type</source>
        <translation>Según lo que diga o escriba</translation>
    </message>
    <message>
        <source>Language: the language I speak and write</source>
        <translation>Idioma: el idioma en que hablo y escribo</translation>
    </message>
    <message>
        <source>Speech engine</source>
        <translation>Motor de voz</translation>
    </message>
    <message>
        <source>found by itself (assistant models list)</source>
        <translation>se busca solo (assistant models list)</translation>
    </message>
    <message>
        <source>Model folder: a Whisper or Vosk model, empty for the default</source>
        <translation>Carpeta del modelo: un modelo de Whisper o Vosk, vacía para el predeterminado</translation>
    </message>
    <message>
        <source>the system&apos;s default</source>
        <translation>el predeterminado del sistema</translation>
    </message>
    <message>
        <source>Microphone name or number</source>
        <translation>Nombre o número del micrófono</translation>
    </message>
    <message>
        <source>Speaker name or number</source>
        <translation>Nombre o número del altavoz</translation>
    </message>
    <message>
        <source>the default voice for the language (assistant voices lists them)</source>
        <translation>la voz predeterminada del idioma (assistant voices las muestra)</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voz</translation>
    </message>
    <message>
        <source> words a minute</source>
        <translation> palabras por minuto</translation>
    </message>
    <message>
        <source>Speaking rate</source>
        <translation>Velocidad al hablar</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Tamaño del texto</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Download the English Vosk model (41 MB)</source>
        <translation>Descargar el modelo de Vosk en inglés (41 MB)</translation>
    </message>
    <message>
        <source>Download the English Vosk model, 41 megabytes</source>
        <translation>Descargar el modelo de Vosk en inglés, 41 megabytes</translation>
    </message>
    <message>
        <source>Model download progress</source>
        <translation>Progreso de la descarga del modelo</translation>
    </message>
    <message>
        <source>Model download status</source>
        <translation>Estado de la descarga del modelo</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Carpeta del modelo</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Micrófono</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Altavoz</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Velocidad</translation>
    </message>
</context>
<context>
    <name>SheetPanel</name>
    <message>
        <source>Before you call, have ready</source>
        <translation>Antes de llamar, tenga a mano</translation>
    </message>
    <message>
        <source>Ready: {item}</source>
        <translation>Listo: {item}</translation>
    </message>
    <message>
        <source>Your numbers (kept on this computer only)</source>
        <translation>Sus números (se guardan solo en esta computadora)</translation>
    </message>
    <message>
        <source>Receipt number, like {example}</source>
        <translation>Número de recibo, como {example}</translation>
    </message>
    <message>
        <source>New receipt number</source>
        <translation>Nuevo número de recibo</translation>
    </message>
    <message>
        <source>{explain}, like {example}</source>
        <translation>{explain}, como {example}</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <source>Add this receipt number</source>
        <translation>Agregar este número de recibo</translation>
    </message>
    <message>
        <source>Receipt number check</source>
        <translation>Revisión del número de recibo</translation>
    </message>
    <message>
        <source>Your receipt numbers</source>
        <translation>Sus números de recibo</translation>
    </message>
    <message>
        <source>Read aloud slowly</source>
        <translation>Leer despacio en voz alta</translation>
    </message>
    <message>
        <source>Read the chosen receipt number aloud slowly</source>
        <translation>Leer despacio en voz alta el número de recibo elegido</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove the chosen receipt number</source>
        <translation>Quitar el número de recibo elegido</translation>
    </message>
    <message>
        <source>A-number, like {example}</source>
        <translation>Número A, como {example}</translation>
    </message>
    <message>
        <source>Your A-number</source>
        <translation>Su número A</translation>
    </message>
    <message>
        <source>Read the A-number aloud slowly</source>
        <translation>Leer despacio en voz alta el número A</translation>
    </message>
    <message>
        <source>A-number check</source>
        <translation>Revisión del número A</translation>
    </message>
    <message>
        <source>looks right</source>
        <translation>parece correcto</translation>
    </message>
    <message>
        <source>keep typing</source>
        <translation>siga escribiendo</translation>
    </message>
    <message>
        <source>not a {name}: {explain}, like {example}</source>
        <translation>no es un {name}: {explain}, como {example}</translation>
    </message>
</context>
<context>
    <name>SpeechInput</name>
    <message>
        <source>The microphone stopped working ({why}). Type your request instead.</source>
        <translation>El micrófono dejó de funcionar ({why}). Escriba lo que necesita.</translation>
    </message>
    <message>
        <source>The microphone stopped sending sound. Type your request instead, or check the microphone.</source>
        <translation>El micrófono dejó de enviar sonido. Escriba lo que necesita, o revise el micrófono.</translation>
    </message>
    <message>
        <source>Speech could not be recognised ({why}). Type your request instead.</source>
        <translation>No se pudo reconocer la voz ({why}). Escriba lo que necesita.</translation>
    </message>
</context>
</TS>
